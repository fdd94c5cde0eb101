// aws-amplify 6 against a local pool, in Node: sign up, a passwordless
// sign-in by SMS code (CUSTOM_WITHOUT_SRP; a new code asked for, the first
// code refused, then the new one), a forced refresh, and a sign-out. js_test.go runs it and checks
// each step's line.

import { randomUUID } from "node:crypto";
import { Amplify } from "aws-amplify";
import { confirmSignIn, fetchAuthSession, signIn, signOut, signUp } from "aws-amplify/auth";
import { claims, clientId, cognitoError, endpoint, phone, smsCode, step, userPoolId, wrongCode } from "./common.mjs";

// Amplify swallows some errors (signOut's RevokeToken's, for one), so each
// Cognito call it makes through fetch is noted, to show what it sent and
// what it got.
let calls = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, init) => {
  const target = new Headers(init?.headers).get("x-amz-target");
  const res = await realFetch(url, init);
  if (target) {
    calls.push({ operation: target.split(".").pop(), status: res.status, error: res.headers.get("x-amzn-errortype") });
  }
  return res;
};
// noting runs fn and adds the Cognito calls it made to its result.
const noting = async (fn) => {
  calls = [];
  const result = await fn();
  return { ...result, calls };
};

// userPoolEndpoint replaces https://cognito-idp.<region>.amazonaws.com/.
Amplify.configure({ Auth: { Cognito: { userPoolId, userPoolClientId: clientId, userPoolEndpoint: endpoint } } });

await step("signUp", () =>
  noting(async () => {
    // Cognito's SignUp wants a password; sign-in never uses it.
    const out = await signUp({
      username: phone,
      password: `Aa1!${randomUUID()}`,
      options: { userAttributes: { phone_number: phone } },
    });
    return { isSignUpComplete: out.isSignUpComplete, signUpStep: out.nextStep.signUpStep, userId: out.userId };
  }),
);

const signInResult = (out) => ({
  isSignedIn: out.isSignedIn,
  signInStep: out.nextStep.signInStep,
  params: out.nextStep.additionalInfo,
});

// CUSTOM_WITHOUT_SRP: InitiateAuth with CUSTOM_AUTH and no SRP round.
await step("signIn", () =>
  noting(async () => signInResult(await signIn({ username: phone, options: { authFlowType: "CUSTOM_WITHOUT_SRP" } }))),
);

const firstCode = await smsCode(phone);
// A new code instead of an answer, as the README shows.
await step("resend", () =>
  noting(async () =>
    signInResult(await confirmSignIn({ challengeResponse: "resend", options: { clientMetadata: { resend: "true" } } })),
  ),
);
const code = await smsCode(phone);
// The first code no longer works: a wrong answer.
const stale = firstCode === code ? wrongCode(code) : firstCode;
await step("wrongCode", () => noting(async () => signInResult(await confirmSignIn({ challengeResponse: stale }))));
await step("rightCode", () => noting(async () => signInResult(await confirmSignIn({ challengeResponse: code }))));

const first = await fetchAuthSession();
let accessToken = first.tokens?.accessToken.toString();
await step("session", async () => ({ idToken: first.tokens && claims(first.tokens.idToken.toString()) }));

// Amplify 6 refreshes with GetTokensFromRefreshToken.
await step("forceRefresh", () =>
  noting(async () => {
    const fresh = await fetchAuthSession({ forceRefresh: true });
    const refreshed = fresh.tokens?.accessToken.toString();
    const result = {
      newIdToken: Boolean(fresh.tokens) && fresh.tokens.idToken.toString() !== first.tokens.idToken.toString(),
      newAccessToken: Boolean(refreshed) && refreshed !== accessToken,
    };
    accessToken = refreshed ?? accessToken;
    return result;
  }),
);

// signOut revokes the refresh token (RevokeToken) and forgets the tokens;
// it does not throw when the revocation fails.
await step("signOut", () =>
  noting(async () => {
    await signOut();
    return { signedIn: Boolean((await fetchAuthSession()).tokens) };
  }),
);

// Revoking a refresh token revokes the access tokens it gave too.
await step("getUserAfterSignOut", async () => ({ error: await cognitoError("GetUser", { AccessToken: accessToken }) }));
