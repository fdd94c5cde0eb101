// Package localpool is local mode: a user pool on loopback that speaks the
// Cognito Identity Provider JSON 1.1 wire protocol and runs the four real
// trigger binaries as Lambda would, so that a whole passwordless sign-up and
// sign-in works offline with unmodified clients (the AWS CLI, the AWS SDKs,
// amazon-cognito-identity-js and Amplify, in Node or in a browser).
//
// It serves what the custom authentication flow needs: SignUp, InitiateAuth
// (CUSTOM_AUTH, optionally started with SRP_A, and REFRESH_TOKEN_AUTH),
// RespondToAuthChallenge, GetTokensFromRefreshToken, RevokeToken,
// GlobalSignOut, AdminUserGlobalSignOut, GetUser, AdminGetUser and
// ListUsers, with Cognito's exception names and messages, a single-use
// session that expires, PreventUserExistenceErrors on, token revocation on,
// RS256 tokens verifiable against a JWKS it serves, and CORS answers for
// browser pages (by default from loopback origins only). The pool is configured as the
// project's template configures the real one: the phone number is the
// username attribute (or the email address, or both:
// Options.UsernameAttributes) and the app client allows CUSTOM_AUTH and
// REFRESH_TOKEN_AUTH only.
//
// The triggers run as child processes through internal/lambdahost, with the
// environment the template gives them. The create trigger's SMS goes to an
// SNS-compatible outbox served on loopback (package snsoutbox), and its
// email to an SES v2-compatible one (package sesoutbox), which print and
// keep each message, unless AWS_ENDPOINT_URL_SNS or AWS_ENDPOINT_URL_SESV2
// names another endpoint (moto_server).
//
// Every endpoint answers only requests addressed to loopback hosts or
// Options.AllowedHosts, with bounded timeouts and connections (package
// loopback), so that a web page cannot reach it by DNS rebinding.
//
// Everything is kept in memory and lost at Close.
package localpool
