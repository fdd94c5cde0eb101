// Package passkeyapi is the passkeys API: the Lambda function, behind an
// API Gateway HTTP API (payload format 2.0) with a JWT authorizer on the
// Cognito user pool, with which a signed-in user registers, lists,
// renames and deletes passkeys. Sign-in with them is the custom auth
// triggers' part.
//
// The authorizer has checked the token's signature, issuer, audience and
// expiry; Handle trusts its claims, and refuses, 401, a request without
// them, with an ID token (token_use is not "access"), without a sub, or
// without a readable auth_time. The owner of everything is the token's
// sub, which is also the passkeys' user handle: no route takes a user id.
//
// The authorizer does not check revocation, so every route that changes
// something (all but GET /passkeys) confirms the token of the
// Authorization header with the user pool (Handler.Tokens: Cognito's
// GetUser), after its own checks of the request and before the store: a
// token the pool refuses (revoked, its user signed out everywhere,
// disabled or deleted), or says is another user's than the claims', gets
// 401 unauthorized, "sign in again"; a pool that cannot be asked, 503
// unavailable. GET /passkeys is not confirmed: it changes nothing, and a
// revoked token reads its own list until it expires, as API Gateway
// allows.
//
// Routes (req.RouteKey), with JSON bodies both ways:
//
//	POST   /passkeys/registration  {"userName"?}          200 {"options": PublicKeyCredentialCreationOptionsJSON}
//	POST   /passkeys               {"credential", "name"?} 201 summary
//	GET    /passkeys                                      200 {"passkeys": [summary...]}, oldest first
//	PATCH  /passkeys/{id}          {"name"}               200 summary
//	DELETE /passkeys/{id}                                 204
//
// A body is one JSON object in UTF-8 of at most MaxBodySize bytes
// (base64-encoded ones are decoded first), with only the members named,
// spelled exactly (case-sensitive) and each at most once, of their types:
// anything else is refused, 400 bad_request (413 too_large). Names (of passkeys, and userName) are 1 to MaxNameLength
// characters after trimming spaces, none of them a control, formatting,
// private-use or unassigned character.
//
// A summary is {"id" (base64url, no padding), "name", "createdAt"
// (RFC 3339), "lastUsedAt" (absent if never), "aaguid", "backupEligible",
// "backedUp", "transports"}: never the public key. The options are the
// publicKey member of navigator.credentials.create's argument, for
// PublicKeyCredential.parseCreationOptionsFromJSON; the credential is
// what the PublicKeyCredential's toJSON returns.
//
// Registering needs a fresh sign-in: the access token's auth_time within
// the configured FreshSignIn, at the start and again at the finish (403
// stale_sign_in), so that a stolen, refreshed token cannot add the
// thief's passkey to the account. A registration is bound to the sub that
// started it and answered at most once (Store.TakeRegistration): a
// replayed or late answer gets 400 no_registration, one that fails
// WebAuthn's checks 400 registration_refused, with the reason only in
// the log.
//
// Every refusal is {"error": code, "message": text for people}, with the
// codes unauthorized (401), stale_sign_in (403), bad_request (400),
// too_large (413), not_found (404), too_many_passkeys and exists (409),
// no_registration and registration_refused (400), and unavailable (503):
// the store or the user pool failed, and the answer says nothing of how.
// Every answer has Content-Type application/json and Cache-Control
// no-store. The log has the route, the status, the outcome and its
// reason, and the caller's sub; never a token, key, challenge, user name
// or passkey name.
package passkeyapi
