// aws-amplify 6 against a local pool in the password-and-code flow:
// signIn with CUSTOM_WITH_SRP (Amplify's own SRP: SRP_A, then
// PASSWORD_VERIFIER), then the SMS code; and a wrong password refused.
// js_test.go runs it and checks each step's line.
//
// With LOCALPOOL_MFA=required (a pool whose MFA is required), the password
// leads to Cognito's MFA_SETUP, which Amplify answers itself
// (CONTINUE_SIGN_IN_WITH_TOTP_SETUP, after AssociateSoftwareToken with the
// session); confirmSignIn with the app's first code verifies it and
// answers MFA_SETUP, and the SMS code follows.

import { Amplify } from "aws-amplify";
import { confirmSignIn, fetchAuthSession, signIn, signOut, signUp } from "aws-amplify/auth";
import { claims, clientId, endpoint, errorOf, phone, smsCode, step, totp, userPoolId } from "./common.mjs";

const password = "Correct-Horse-9!";
const mfaRequired = process.env.LOCALPOOL_MFA === "required";
Amplify.configure({ Auth: { Cognito: { userPoolId, userPoolClientId: clientId, userPoolEndpoint: endpoint } } });

await step("signUp", async () => {
  const out = await signUp({ username: phone, password, options: { userAttributes: { phone_number: phone } } });
  return { isSignUpComplete: out.isSignUpComplete, userId: out.userId };
});

const withSRP = (pw) => signIn({ username: phone, password: pw, options: { authFlowType: "CUSTOM_WITH_SRP" } });

if (!mfaRequired) {
  await step("wrongPassword", async () => {
    const err = await withSRP("Wrong-Horse-9!").then(() => null, (e) => e);
    await signOut();
    return { error: errorOf(err) };
  });
}

const { secret } = await step("password", async () => {
  const out = await withSRP(password);
  const secret = out.nextStep.totpSetupDetails?.sharedSecret;
  return { signInStep: out.nextStep.signInStep, params: out.nextStep.additionalInfo, secret };
});

if (mfaRequired) {
  await step("totpSetup", async () => {
    const out = await confirmSignIn({ challengeResponse: totp(secret) });
    return { signInStep: out.nextStep.signInStep, params: out.nextStep.additionalInfo };
  });
}

await step("code", async () => {
  const out = await confirmSignIn({ challengeResponse: await smsCode(phone) });
  const session = await fetchAuthSession();
  return { isSignedIn: out.isSignedIn, idToken: session.tokens && claims(session.tokens.idToken.toString()) };
});
