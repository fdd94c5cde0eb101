// amazon-cognito-identity-js against a local pool: sign up, a passwordless
// sign-in by SMS code (a wrong code, then the right one), the ID token
// verified with aws-jwt-verify, a refresh, and a sign-out that revokes the
// refresh token. js_test.go runs it and checks each step's line.

import { randomUUID } from "node:crypto";
import { AuthenticationDetails, CognitoRefreshToken, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
import { JwtVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { claims, clientId, endpoint, errorOf, phone, smsCode, step, userPoolId, wrongCode } from "./common.mjs";

// endpoint replaces https://cognito-idp.<region>.amazonaws.com/.
const pool = new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, endpoint });

// aws-jwt-verify: CognitoJwtVerifier takes only AWS issuers, and the default
// fetcher only https, so the local pool's http JWKS is fetched with Node's
// own fetch.
const verifier = JwtVerifier.create(
  { issuer: `${endpoint}/${userPoolId}`, audience: clientId, jwksUri: `${endpoint}/${userPoolId}/.well-known/jwks.json` },
  { jwksCache: new SimpleJwksCache({ fetcher: { fetch: async (uri) => (await fetch(uri)).arrayBuffer() } }) },
);

// The sign-in callbacks, as a promise of which one fired and with what.
const outcome = (resolve, reject) => ({
  customChallenge: (params) => resolve({ callback: "customChallenge", params }),
  onSuccess: (session) => resolve({ callback: "onSuccess", session }),
  onFailure: reject,
});
const summary = ({ callback, params, session }) => ({
  callback,
  params,
  idToken: session && claims(session.getIdToken().getJwtToken()),
  hasRefreshToken: session ? Boolean(session.getRefreshToken().getToken()) : undefined,
});

await step("signUp", async () => {
  // Cognito's SignUp wants a password; sign-in never uses it.
  const password = `Aa1!${randomUUID()}`;
  const attributes = [{ Name: "phone_number", Value: phone }];
  const out = await new Promise((resolve, reject) =>
    pool.signUp(phone, password, attributes, null, (err, data) => (err ? reject(err) : resolve(data))),
  );
  return { userConfirmed: out.userConfirmed, userSub: out.userSub };
});

const user = new CognitoUser({ Username: phone, Pool: pool });
user.setAuthenticationFlowType("CUSTOM_AUTH");

// authenticateUser starts CUSTOM_AUTH with SRP (CHALLENGE_NAME=SRP_A), which
// the triggers refuse, as Cognito does: NotAuthorizedException, no SMS.
await step("authenticateUserWithSRP", async () => {
  const details = new AuthenticationDetails({ Username: phone, Password: "not-used-by-this-pool" });
  const err = await new Promise((resolve) =>
    user.authenticateUser(details, { onFailure: resolve, onSuccess: () => resolve(null), customChallenge: () => resolve(null) }),
  );
  return { error: errorOf(err) };
});

// The passwordless sign-in: initiateAuth, not authenticateUser.

await step("initiateAuth", async () =>
  summary(await new Promise((resolve, reject) => user.initiateAuth(new AuthenticationDetails({ Username: phone }), outcome(resolve, reject)))),
);

const firstCode = await smsCode(phone);
const answer = (c, clientMetadata) =>
  new Promise((resolve, reject) => user.sendCustomChallengeAnswer(c, outcome(resolve, reject), clientMetadata));

// A new code instead of an answer, as the README shows: the ANSWER is not
// looked at, ClientMetadata asks.
await step("resend", async () => summary(await answer("resend", { resend: "true" })));
const code = await smsCode(phone);

// The first code no longer works: a wrong answer.
await step("wrongCode", async () => summary(await answer(firstCode === code ? wrongCode(code) : firstCode)));

let session;
await step("rightCode", async () => {
  const out = await answer(code);
  session = out.session;
  return summary(out);
});

await step("verifyIdToken", async () => ({ payload: await verifier.verify(session.getIdToken().getJwtToken()) }));

const refreshToken = session.getRefreshToken().getToken();
const oldAccessToken = session.getAccessToken().getJwtToken();

await step("refreshSession", async () => {
  const fresh = await new Promise((resolve, reject) =>
    user.refreshSession(new CognitoRefreshToken({ RefreshToken: refreshToken }), (err, s) => (err ? reject(err) : resolve(s))),
  );
  const idToken = fresh.getIdToken().getJwtToken();
  await verifier.verify(idToken);
  return {
    newIdToken: idToken !== session.getIdToken().getJwtToken(),
    newAccessToken: fresh.getAccessToken().getJwtToken() !== oldAccessToken,
    idToken: claims(idToken),
  };
});

// signOut with a callback revokes the refresh token (RevokeToken) before
// it forgets the session.
await step("signOut", async () => {
  const err = await new Promise((resolve) => user.signOut(resolve));
  return { error: errorOf(err) };
});

// refreshSession retries every error for about six seconds before it
// gives up: that is identity-js, not the pool.
await step("refreshAfterSignOut", async () => {
  const err = await new Promise((resolve) =>
    user.refreshSession(new CognitoRefreshToken({ RefreshToken: refreshToken }), (e) => resolve(e)),
  );
  return { error: errorOf(err) };
});

// Revoking a refresh token revokes the access tokens it gave too.
await step("getUserAfterSignOut", async () => {
  const err = await pool.client.promisifyRequest("GetUser", { AccessToken: oldAccessToken }).then(() => null, (e) => e);
  return { error: errorOf(err) };
});
