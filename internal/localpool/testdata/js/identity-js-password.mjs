// amazon-cognito-identity-js against a local pool in the password-and-code
// flow: sign up with a password, authenticateUser with CUSTOM_AUTH (SRP_A,
// then PASSWORD_VERIFIER, which identity-js answers itself), then the SMS
// code; and a wrong password refused. Then, signed in, the user sets up an
// authenticator app (associateSoftwareToken, verifySoftwareToken,
// setUserMfaPreference) and signs in again with the password and the app's
// code (totpRequired, sendMFACode), without an SMS. js_test.go runs it and
// checks each step's line. identity-js is AWS's own SRP client: its success
// is the proof that local mode's SRP is Cognito's.
//
// With LOCALPOOL_MFA=required (a pool whose MFA is required), the first
// sign-in gets the mfaSetup callback instead: the user sets the app up
// with the sign-in's session (associateSoftwareToken, then
// verifySoftwareToken, which answers MFA_SETUP itself), then answers the
// SMS code; the sign-in with the app's code follows as above, and then the
// SMS code too: where the app is required, no app answer stands in for it.

import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
import { claims, clientId, endpoint, errorOf, phone, smsCode, step, totp, userPoolId, wrongCode } from "./common.mjs";

const password = "Correct-Horse-9!";
const mfaRequired = process.env.LOCALPOOL_MFA === "required";
const pool = new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, endpoint });

// Cognito's answers, as identity-js's client gets them: verifySoftwareToken
// answers MFA_SETUP itself and, since it expects tokens there, drops the
// SMS code challenge that define asks for next; the script takes it from
// here.
const answers = [];
const request = pool.client.request.bind(pool.client);
pool.client.request = (operation, params, callback) =>
  request(operation, params, (err, data) => {
    answers.push({ operation, data });
    callback(err, data);
  });

await step("signUp", async () => {
  const out = await new Promise((resolve, reject) =>
    pool.signUp(phone, password, [{ Name: "phone_number", Value: phone }], null, (err, data) => (err ? reject(err) : resolve(data))),
  );
  return { userConfirmed: out.userConfirmed, userSub: out.userSub };
});

// authenticateUser in CUSTOM_AUTH mode: the SRP exchange, then the
// callback of the next challenge, or onFailure.
const signIn = (pw) => {
  const user = new CognitoUser({ Username: phone, Pool: pool });
  user.setAuthenticationFlowType("CUSTOM_AUTH");
  return new Promise((resolve) =>
    user.authenticateUser(new AuthenticationDetails({ Username: phone, Password: pw }), {
      customChallenge: (params) => resolve({ callback: "customChallenge", params, user }),
      mfaSetup: (challengeName, params) => resolve({ callback: "mfaSetup", challengeName, params, user }),
      totpRequired: (challengeName, params) => resolve({ callback: "totpRequired", challengeName, params, user }),
      onSuccess: () => resolve({ callback: "onSuccess", user }),
      onFailure: (err) => resolve({ callback: "onFailure", error: errorOf(err), user }),
    }),
  );
};

// answerCode answers the SMS code challenge with the code from the outbox.
const answerCode = async (user) => {
  const code = await smsCode(phone);
  const session = await new Promise((resolve, reject) =>
    user.sendCustomChallengeAnswer(code, { onSuccess: resolve, onFailure: reject, customChallenge: () => reject(new Error("asked again")) }),
  );
  return { idToken: claims(session.getIdToken().getJwtToken()) };
};

let secret;
if (mfaRequired) {
  // The password, then Cognito's MFA_SETUP: the app is set up with the
  // sign-in's session, then the SMS code.
  let pending;
  await step("mfaSetup", async () => {
    pending = await signIn(password);
    return { callback: pending.callback, challengeName: pending.challengeName, params: pending.params, error: pending.error };
  });

  await step("associate", async () => {
    secret = await new Promise((resolve, reject) =>
      pending.user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
    );
    const at = Date.now();
    return { secret, at, code: totp(secret, at) };
  });

  const verify = (code) =>
    new Promise((resolve) =>
      pending.user.verifySoftwareToken(code, "phone", {
        onSuccess: () => resolve({}),
        onFailure: (err) => resolve({ error: errorOf(err) }),
      }),
    );

  await step("wrongVerify", async () => verify(wrongCode(totp(secret))));

  // verifySoftwareToken's RespondToAuthChallenge (MFA_SETUP) answered the
  // SMS code challenge; identity-js's own authenticateUserInternal hands it
  // to the customChallenge callback, as authenticateUser would have.
  await step("verify", async () => {
    const { error } = await verify(totp(secret));
    if (error) return { error };
    const answer = answers.at(-1);
    if (answer.operation !== "RespondToAuthChallenge") throw new Error(`the last call was ${answer.operation}`);
    return new Promise((resolve) =>
      pending.user.authenticateUserInternal(answer.data, null, {
        customChallenge: (params) => resolve({ callback: "customChallenge", params }),
        onSuccess: () => resolve({ callback: "onSuccess" }),
        onFailure: (err) => resolve({ callback: "onFailure", error: errorOf(err) }),
      }),
    );
  });

  await step("code", async () => answerCode(pending.user));
} else {
  await step("wrongPassword", async () => {
    const { callback, error } = await signIn("Wrong-Horse-9!");
    return { callback, error };
  });

  let pending;
  await step("password", async () => {
    pending = await signIn(password);
    return { callback: pending.callback, params: pending.params, error: pending.error };
  });

  await step("code", async () => answerCode(pending.user));

  // The signed-in user sets up an authenticator app. The step prints the
  // secret and the code this script computes for it, so that the Go test can
  // check the code against its own TOTP library.
  await step("associate", async () => {
    secret = await new Promise((resolve, reject) =>
      pending.user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
    );
    const at = Date.now();
    return { secret, at, code: totp(secret, at) };
  });

  await step("verify", async () => {
    const data = await new Promise((resolve, reject) =>
      pending.user.verifySoftwareToken(totp(secret), "phone", { onSuccess: resolve, onFailure: reject }),
    );
    return { status: data.Status };
  });

  await step("preference", async () => {
    const result = await new Promise((resolve, reject) =>
      pending.user.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, (err, res) => (err ? reject(err) : resolve(res))),
    );
    return { result };
  });
}

// A new sign-in: the password, then Cognito's own SOFTWARE_TOKEN_MFA.
let mfa;
await step("totpChallenge", async () => {
  mfa = await signIn(password);
  return { callback: mfa.callback, challengeName: mfa.challengeName, params: mfa.params, error: mfa.error };
});

const sendTOTP = (code) =>
  new Promise((resolve) =>
    mfa.user.sendMFACode(
      code,
      {
        onSuccess: (session) => resolve({ session }),
        onFailure: (err) => resolve({ error: errorOf(err) }),
      },
      "SOFTWARE_TOKEN_MFA",
    ),
  );

// The code verifySoftwareToken used is spent, and Cognito takes each code
// once: rather than wait up to 30 seconds for the next one, the sign-in
// uses the next step's code, which the window of one step either side
// accepts.
const next = () => totp(secret, Date.now() + 30000);

await step("wrongTotp", async () => {
  const { error } = await sendTOTP(wrongCode(next()));
  return { error };
});

// In a pool that requires the app, the SMS code follows the app's code
// (an app may have been enrolled in a sign-in abandoned before its code).
// identity-js's sendMFACode expects tokens there and fails on the
// challenge; the script hands the recorded answer to
// authenticateUserInternal, as after MFA_SETUP, and answers the SMS code.
const codeAfterApp = async () => {
  const answer = answers.findLast((a) => a.operation === "RespondToAuthChallenge" && a.data);
  if (answer?.data?.ChallengeName !== "CUSTOM_CHALLENGE") throw new Error("no SMS code challenge after the app's code");
  await new Promise((resolve, reject) =>
    mfa.user.authenticateUserInternal(answer.data, null, { customChallenge: resolve, onSuccess: () => reject(new Error("tokens without the SMS code")), onFailure: reject }),
  );
  return answerCode(mfa.user);
};

await step("totp", async () => {
  const { session, error } = await sendTOTP(next());
  if (mfaRequired) return codeAfterApp();
  if (error) return { error };
  return { idToken: claims(session.getIdToken().getJwtToken()) };
});
