// The sign-in page's flow: configuration, sign-up, the sign-in challenges
// one after another (password, code, passkey, authenticator app), and the
// signed-in view. Cognito drives the order: each answer returns either
// tokens or the next challenge, and render() shows the view for it.

import { ApiError, decodeJWT, newCognito, request } from "./cognito.js";
import { assert, newPasskeysAPI, supported as passkeysSupported } from "./passkeys.js";
import { newClient, passwordClaim } from "./srp.js";
import { $, busy, clearMessages, el, renderClaims, renderPasskeys, show, showError, showStatus } from "./ui.js";

const CONFIG_URL = "/_local/page-config.json";
const CHANNEL_NAMES = { sms: "text message", email: "email", passkey: "passkey" };

let cfg; // the page's configuration, from CONFIG_URL
let cognito; // call(operation, input) on the pool
// The sign-in under way: what the user typed, the SRP client of the
// password step, and Cognito's current challenge.
let signIn = null;
let tokens = null; // the AuthenticationResult, kept in memory only

// No error goes to the console alone, even one no handler expected.
window.addEventListener("error", (e) => showError(e.error || e.message));
window.addEventListener("unhandledrejection", (e) => showError(e.reason));

start().catch(showError);

async function start() {
  cfg = await request(CONFIG_URL, {}, "the page's configuration");
  cognito = newCognito(cfg.endpoint || location.origin);
  $("pool").textContent = `User pool ${cfg.userPoolId} · ${cfg.region} · client ${cfg.clientId}`;
  const phone = cfg.usernameAttributes.includes("phone_number");
  const email = cfg.usernameAttributes.includes("email");
  $("username-label").textContent = phone && email ? "Phone number or email address" : phone ? "Phone number" : "Email address";
  $("username-hint").textContent = phone ? "Phone numbers in international format, such as +15555550100." : "";
  $("username").type = phone ? "text" : "email";
  $("username").inputMode = phone && !email ? "tel" : phone ? "text" : "email";
  $("password-field").hidden = cfg.signInFlow !== "password-and-code";
  $("password").required = cfg.signInFlow === "password-and-code";

  $("start-form").addEventListener("submit", busy($("sign-in"), beginSignIn));
  $("sign-up").addEventListener("click", busy($("sign-up"), signUp));
  $("code-form").addEventListener("submit", busy($("verify-code"), () => answer($("code").value.trim())));
  $("resend").addEventListener("click", busy($("resend"), () => resend()));
  $("use-passkey").addEventListener("click", busy($("use-passkey"), usePasskey));
  $("passkey-code").addEventListener("click", busy($("passkey-code"), () => resend(firstCodeChannel())));
  $("totp-form").addEventListener("submit", busy($("verify-totp"), answerTOTP));
  $("add-passkey-form").addEventListener("submit", busy($("add-passkey"), addPasskey));
  $("sign-out").addEventListener("click", busy($("sign-out"), signOut));
  $("start-over").addEventListener("click", () => { clearMessages(); restart(); });
  show("start-view");
}

function restart() {
  signIn = null;
  $("start-over").hidden = true;
  show("start-view");
}

function username() {
  const name = $("username").value.trim();
  if (!name) throw new Error(`Enter your ${$("username-label").textContent.toLowerCase()}.`);
  return name;
}

async function signUp() {
  const name = username();
  const input = { ClientId: cfg.clientId, Username: name };
  if (cfg.signInFlow === "password-and-code") {
    if (!$("password").value) throw new Error("Choose a password to sign up with.");
    input.Password = $("password").value;
  }
  const out = await cognito("SignUp", input);
  showStatus(out.UserConfirmed
    ? `Account created for ${name}. Sign in to get your first code.`
    : `Account created for ${name}, but it needs confirming before it can sign in.`);
}

async function beginSignIn() {
  const name = username();
  const input = { AuthFlow: "CUSTOM_AUTH", ClientId: cfg.clientId, AuthParameters: { USERNAME: name } };
  signIn = { name, srp: null };
  if (cfg.signInFlow === "password-and-code") {
    if (!$("password").value) throw new Error("Enter your password.");
    // The password is proven, never sent: SRP starts here with A.
    signIn.srp = newClient();
    Object.assign(input.AuthParameters, { CHALLENGE_NAME: "SRP_A", SRP_A: signIn.srp.srpA });
  }
  await render(await cognito("InitiateAuth", input), "start");
}

// respond answers the current challenge and shows what follows. how says
// what the answer was, for the message shown with the next challenge.
async function respond(responses, how, clientMetadata) {
  const c = signIn.challenge;
  const input = {
    ClientId: cfg.clientId, ChallengeName: c.name, Session: c.session,
    ChallengeResponses: { USERNAME: c.params.USERNAME, ...responses },
  };
  if (clientMetadata) input.ClientMetadata = clientMetadata;
  let out;
  try {
    out = await cognito("RespondToAuthChallenge", input);
  } catch (err) {
    // Out of attempts, an expired session or a refused password end this
    // sign-in: Cognito will take no other answer in it.
    if (err instanceof ApiError && err.code === "NotAuthorizedException") {
      restart();
      throw new Error(`${err.message} Sign in again to start over.`);
    }
    throw err;
  }
  await render(out, how);
}

function answer(code) {
  if (!code) throw new Error("Enter the code you received.");
  return respond({ ANSWER: code }, "code");
}

// resend asks for a new code, by channel when given.
function resend(channel) {
  const metadata = { resend: "true" };
  if (channel) metadata.channel = channel;
  return respond({ ANSWER: "resend" }, "resend", metadata);
}

function channelsOffered() {
  return (signIn.challenge.params.channels || "").split(",").filter(Boolean);
}

function firstCodeChannel() {
  return channelsOffered().find((c) => c !== "passkey");
}

async function render(out, how) {
  if (out.AuthenticationResult) return signedIn(out.AuthenticationResult);
  const previous = signIn.challenge;
  signIn.challenge = { name: out.ChallengeName, session: out.Session, params: out.ChallengeParameters || {} };
  $("start-over").hidden = false;
  switch (out.ChallengeName) {
    case "PASSWORD_VERIFIER": {
      const responses = await passwordClaim(signIn.srp, cfg.userPoolId, $("password").value, signIn.challenge.params);
      signIn.challenge.params.USERNAME = signIn.challenge.params.USER_ID_FOR_SRP;
      return respond(responses, "password");
    }
    case "CUSTOM_CHALLENGE":
      return signIn.challenge.params.channel === "passkey" ? renderPasskey(how) : renderCode(previous, how);
    case "SOFTWARE_TOKEN_MFA":
      $("totp").value = "";
      show("totp-view");
      return;
    default:
      restart();
      throw new Error(`Cognito asked for ${out.ChallengeName}, which this page cannot answer. Sign in with the AWS CLI or your app instead.`);
  }
}

function renderCode(previous, how) {
  const p = signIn.challenge.params;
  const channel = CHANNEL_NAMES[p.channel] || p.channel;
  $("code-sent").textContent = `We sent a ${p.codeLength || 6}-digit code by ${channel} to ${p.destination}.`;
  const code = $("code");
  code.value = "";
  code.maxLength = Number(p.codeLength) || 6;
  $("code-meta").textContent = `${p.attemptsLeft} ${plural(p.attemptsLeft, "attempt")} left · ${p.resendsLeft} new ${plural(p.resendsLeft, "code")} left`;
  const canResend = Number(p.resendsLeft) > 0;
  $("resend").hidden = !canResend;
  $("channel-switch").replaceChildren(...(canResend ? channelsOffered() : [])
    .filter((c) => c !== p.channel && c !== "passkey")
    .map((c) => {
      const button = el("button", { type: "button", textContent: `Send it by ${CHANNEL_NAMES[c] || c} instead` });
      button.addEventListener("click", busy(button, () => resend(c)));
      return button;
    }));
  show("code-view");
  if (how === "code") {
    // Cognito answers a wrong code with the next challenge, one attempt fewer.
    showError(`That code is not right. ${p.attemptsLeft} ${plural(p.attemptsLeft, "attempt")} left.`);
  } else if (how === "resend" || (previous && previous.params.channel === "passkey")) {
    showStatus(`New code sent by ${channel} to ${p.destination}.`);
  }
}

function renderPasskey(how) {
  const offered = firstCodeChannel();
  $("passkey-code").hidden = !offered;
  show("passkey-view");
  if (!passkeysSupported()) showError("This browser cannot use passkeys from this page; ask for a code instead.");
  if (how === "passkey") showError("The passkey was not accepted. Try again, or ask for a code.");
}

async function usePasskey() {
  // A cancelled or failed ceremony leaves the challenge as it was, so the
  // same options serve another try.
  const answerJSON = await assert(signIn.challenge.params.passkeyOptions);
  await respond({ ANSWER: answerJSON }, "passkey");
}

async function answerTOTP() {
  const code = $("totp").value.trim();
  if (!code) throw new Error("Enter the code your authenticator app shows.");
  try {
    await respond({ SOFTWARE_TOKEN_MFA_CODE: code }, "totp");
  } catch (err) {
    // A wrong app code keeps the session: the user may type another.
    if (err instanceof ApiError && err.code === "CodeMismatchException") throw new Error("That code is not right. Check your authenticator app and try again.");
    throw err;
  }
}

function plural(n, word) {
  return Number(n) === 1 ? word : word + "s";
}

async function signedIn(result) {
  tokens = result;
  signIn = null;
  $("password").value = "";
  $("start-over").hidden = true;
  const claims = decodeJWT(tokens.IdToken);
  $("signed-in-as").textContent = `Signed in as ${claims.phone_number || claims.email || claims["cognito:username"]}.`;
  renderClaims($("claims-body"), claims);
  $("passkeys").hidden = !cfg.passkeysApi;
  show("signed-in-view");
  showStatus("Signed in.");
  if (cfg.passkeysApi) await refreshPasskeys();
}

function passkeysAPI() {
  return newPasskeysAPI(cfg.passkeysApi, tokens.AccessToken);
}

async function refreshPasskeys() {
  const passkeys = await passkeysAPI().list();
  $("no-passkeys").hidden = passkeys.length > 0;
  renderPasskeys($("passkey-list"), passkeys, async (p) => {
    await passkeysAPI().remove(p.id);
    await refreshPasskeys();
    showStatus(`Deleted ${p.name || "the passkey"}.`);
  });
}

async function addPasskey() {
  const name = $("passkey-name").value.trim() || "Passkey";
  await passkeysAPI().register(name);
  $("passkey-name").value = "";
  await refreshPasskeys();
  showStatus(`Added ${name}. Next time, sign in with it.`);
}

async function signOut() {
  // RevokeToken ends the refresh token and every access token issued
  // from it; the tokens are forgotten even if the pool cannot be reached.
  const refresh = tokens.RefreshToken;
  tokens = null;
  $("claims-body").replaceChildren();
  $("passkey-list").replaceChildren();
  restart();
  await cognito("RevokeToken", { ClientId: cfg.clientId, Token: refresh });
  showStatus("Signed out.");
}
