// amazon-cognito-identity-js against a local pool in the password-and-code
// flow: sign up with a password, authenticateUser with CUSTOM_AUTH (SRP_A,
// then PASSWORD_VERIFIER, which identity-js answers itself), then the SMS
// code; and a wrong password refused. js_test.go runs it and checks each
// step's line. identity-js is AWS's own SRP client: its success is the
// proof that local mode's SRP is Cognito's.

import { AuthenticationDetails, CognitoUser, CognitoUserPool } from "amazon-cognito-identity-js";
import { claims, clientId, endpoint, errorOf, phone, smsCode, step, userPoolId } from "./common.mjs";

const password = "Correct-Horse-9!";
const pool = new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, endpoint });

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
      onSuccess: () => resolve({ callback: "onSuccess", user }),
      onFailure: (err) => resolve({ callback: "onFailure", error: errorOf(err), user }),
    }),
  );
};

await step("wrongPassword", async () => {
  const { callback, error } = await signIn("Wrong-Horse-9!");
  return { callback, error };
});

let pending;
await step("password", async () => {
  pending = await signIn(password);
  return { callback: pending.callback, params: pending.params, error: pending.error };
});

await step("code", async () => {
  const code = await smsCode(phone);
  const session = await new Promise((resolve, reject) =>
    pending.user.sendCustomChallengeAnswer(code, { onSuccess: resolve, onFailure: reject, customChallenge: () => reject(new Error("asked again")) }),
  );
  return { idToken: claims(session.getIdToken().getJwtToken()) };
});
