// aws-amplify 6 against a local pool in the password-and-code flow:
// signIn with CUSTOM_WITH_SRP (Amplify's own SRP: SRP_A, then
// PASSWORD_VERIFIER), then the SMS code; and a wrong password refused.
// js_test.go runs it and checks each step's line.

import { Amplify } from "aws-amplify";
import { confirmSignIn, fetchAuthSession, signIn, signOut, signUp } from "aws-amplify/auth";
import { claims, clientId, endpoint, errorOf, phone, smsCode, step, userPoolId } from "./common.mjs";

const password = "Correct-Horse-9!";
Amplify.configure({ Auth: { Cognito: { userPoolId, userPoolClientId: clientId, userPoolEndpoint: endpoint } } });

await step("signUp", async () => {
  const out = await signUp({ username: phone, password, options: { userAttributes: { phone_number: phone } } });
  return { isSignUpComplete: out.isSignUpComplete, userId: out.userId };
});

const withSRP = (pw) => signIn({ username: phone, password: pw, options: { authFlowType: "CUSTOM_WITH_SRP" } });

await step("wrongPassword", async () => {
  const err = await withSRP("Wrong-Horse-9!").then(() => null, (e) => e);
  await signOut();
  return { error: errorOf(err) };
});

await step("password", async () => {
  const out = await withSRP(password);
  return { signInStep: out.nextStep.signInStep, params: out.nextStep.additionalInfo };
});

await step("code", async () => {
  const out = await confirmSignIn({ challengeResponse: await smsCode(phone) });
  const session = await fetchAuthSession();
  return { isSignedIn: out.isSignedIn, idToken: session.tokens && claims(session.tokens.idToken.toString()) };
});
