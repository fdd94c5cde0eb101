// The sign-in page's flow: configuration, sign-up, the sign-in challenges
// one after another (password, code, passkey, authenticator app), and the
// signed-in view. Cognito drives the order: each answer returns either
// tokens or the next challenge, and render() shows the view for it.
//
// With passkeys on, a sign-in in the code flow starts with a passkey round
// for every name, whether it has passkeys or not (the round tells no name
// apart), and no code is sent until the page asks for one. The page
// remembers, in this browser's localStorage, the names that signed in with
// or added a passkey here: for those it offers the passkey first; for any
// other name it asks for the code at once and offers "Use a passkey
// instead" next to it. After a password, only a user with passkeys gets a
// passkey round, so the page offers the passkey first.

import { ApiError, decodeJWT, newCognito, request } from "./cognito.js";
import { assert, newPasskeysAPI, supported as passkeysSupported } from "./passkeys.js";
import { newClient, passwordClaim } from "./srp.js";
import { $, actionButton, busy, clearMessages, renderClaims, renderPasskeys, show, showError, showStatus } from "./ui.js";
import { newMemory } from "./memory.js";

const CONFIG_URL = "/_local/page-config.json";
const CHANNEL_NAMES = { sms: "text message", email: "email", passkey: "passkey" };

let cfg; // the page's configuration, from CONFIG_URL
let cognito; // call(operation, input) on the pool
let memory; // the names that used a passkey in this browser
// The sign-in under way: what the user typed, the SRP client of the
// password step, Cognito's current challenge, whether a passkey round was
// offered and whether a code was sent in it.
let signIn = null;
let tokens = null; // the AuthenticationResult, kept in memory only
let signedInNames = []; // the names the signed-in user may sign in with

// No error goes to the console alone, even one no handler expected.
window.addEventListener("error", (e) => showError(e.error || e.message));
window.addEventListener("unhandledrejection", (e) => showError(e.reason));

start().catch(showError);

async function start() {
  cfg = await request(CONFIG_URL, {}, "the page's configuration");
  cognito = newCognito(cfg.endpoint || location.origin);
  memory = newMemory(`passwordless:passkey-names:${cfg.userPoolId}`);
  $("pool").textContent = `User pool ${cfg.userPoolId} · ${cfg.region} · client ${cfg.clientId}`;
  const phone = cfg.usernameAttributes.includes("phone_number");
  const email = cfg.usernameAttributes.includes("email");
  $("username-label").textContent = phone && email ? "Phone number or email address" : phone ? "Phone number" : "Email address";
  $("username-hint").textContent = phone ? "Phone numbers in international format, such as +15555550100." : "";
  $("username").type = phone ? "text" : "email";
  $("username").inputMode = phone && !email ? "tel" : phone ? "text" : "email";
  $("password-field").hidden = !passwordFlow();
  $("password").required = passwordFlow();

  $("start-form").addEventListener("submit", busy($("sign-in"), beginSignIn));
  $("sign-up").addEventListener("click", busy($("sign-up"), signUp));
  $("code-form").addEventListener("submit", busy($("verify-code"), () => answer($("code").value.trim())));
  $("resend").addEventListener("click", busy($("resend"), () => resend()));
  $("use-passkey").addEventListener("click", busy($("use-passkey"), usePasskey));
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
  if (passwordFlow()) {
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
  signIn = { name, srp: null, passkeyOffered: false, codeSent: false };
  if (passwordFlow()) {
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

// resend asks for a new code, by channel when given, or, with channel
// "passkey", for a new passkey challenge. how is "resend" unless the page
// asked on its own ("auto").
function resend(channel, how = "resend") {
  const metadata = { resend: "true" };
  if (channel) metadata.channel = channel;
  return respond({ ANSWER: "-" }, how, metadata);
}

// codeChannels are the pool's code channels, the same for every name.
function codeChannels() {
  return (signIn.challenge.params.channels || "").split(",").filter((c) => c && c !== "passkey");
}

function channelName(c) {
  return CHANNEL_NAMES[c] || c;
}

async function render(out, how) {
  if (out.AuthenticationResult) return signedIn(out.AuthenticationResult, how);
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
      if (signIn.challenge.params.channel !== "passkey") return renderCode(previous, how);
      if (!signIn.passkeyOffered) {
        signIn.passkeyOffered = true;
        if (codeFirst()) return sendFirstCode();
      }
      return renderPasskey(how);
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
  const channel = channelName(p.channel);
  signIn.codeSent = true;
  $("code-sent").textContent = `We sent a ${p.codeLength || 6}-digit code by ${channel} to ${p.destination}.`;
  const code = $("code");
  code.value = "";
  code.maxLength = Number(p.codeLength) || 6;
  $("code-meta").textContent = `${left(p.attemptsLeft, "attempt")} · ${left(p.resendsLeft, "new code")}`;
  const canResend = Number(p.resendsLeft) > 0;
  $("resend").hidden = !canResend;
  const switches = (canResend ? codeChannels() : [])
    .filter((c) => c !== p.channel)
    .map((c) => {
      return actionButton({ id: `send-by-${c}`, textContent: `Send it by ${channelName(c)} instead` }, () => resend(c));
    });
  // Back to a passkey: a new passkey challenge costs a new code's turn.
  if (canResend && signIn.passkeyOffered && passkeysSupported()) {
    switches.push(actionButton({ id: "use-passkey-instead", textContent: "Use a passkey instead" }, () => resend("passkey")));
  }
  $("channel-switch").replaceChildren(...switches);
  show("code-view");
  if (how === "code") {
    // Cognito answers a wrong code with the next challenge, one attempt fewer.
    showError(`That code is not right. ${left(p.attemptsLeft, "attempt")}.`);
  } else if (how === "auto" && !passkeysSupported() && signIn.srp) {
    showStatus("Your account has a passkey, but this browser cannot use passkeys from this page, so we sent a code.");
  } else if (how === "resend" || (how !== "auto" && previous && previous.params.channel === "passkey")) {
    showStatus(`New code sent by ${channel} to ${p.destination}.`);
  }
}

// codeFirst reports whether the sign-in's first passkey round should be
// skipped for a code at once: when this browser cannot use passkeys, or,
// in the code flow (where every name gets a passkey round), when the name
// used no passkey in this browser. After a password the round means the
// user has passkeys. When the browser keeps no memory, the page asks.
function codeFirst() {
  if (!passkeysSupported()) return true;
  if (signIn.srp) return false;
  return memory.has(signIn.name) === false;
}

// sendFirstCode asks for the first code instead of the passkey, which
// costs no new code's turn. If that fails, the passkey round is still the
// current challenge: the page shows it with the error.
async function sendFirstCode() {
  const c = signIn.challenge;
  try {
    await resend(undefined, "auto");
  } catch (err) {
    if (signIn && signIn.challenge === c) renderPasskey("start");
    throw err;
  }
}

function renderPasskey(how) {
  const p = signIn.challenge.params;
  let why = "If you have a passkey for this account, on this device or on your phone, use it. Otherwise, we'll send you a code.";
  if (signIn.srp) why = "Your account has a passkey. Your browser will ask you to confirm it's you.";
  else if (memory.has(signIn.name)) why = "You have used a passkey for this account in this browser. Your browser will ask you to confirm it's you.";
  $("passkey-why").textContent = why;
  const meta = [left(p.attemptsLeft, "attempt")];
  // The first code of a sign-in is free; every later one is a new code.
  if (signIn.codeSent) meta.push(left(p.resendsLeft, "new code"));
  $("passkey-meta").textContent = meta.join(" · ");
  const channels = signIn.codeSent && Number(p.resendsLeft) <= 0 ? [] : codeChannels();
  $("passkey-code-options").replaceChildren(...channels.map((c) => {
    const text = channels.length === 1 ? "Send me a code instead" : `Send me a code by ${channelName(c)}`;
    return actionButton({ id: `passkey-code-${c}`, textContent: text }, () => resend(c));
  }));
  $("use-passkey").hidden = !passkeysSupported();
  show("passkey-view");
  if (!passkeysSupported()) {
    showError(channels.length ? "This browser cannot use passkeys from this page; ask for a code instead." : "This browser cannot use passkeys from this page, and no new code is left. Sign in again to start over.");
  } else if (how === "passkey") {
    // Cognito answers a refused passkey with a new passkey challenge, one attempt fewer.
    showError(`That passkey was not accepted. ${left(p.attemptsLeft, "attempt")}. Try again, or ask for a code.`);
  }
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

// left says how many of what are left: "1 attempt left", "2 new codes left".
function left(n, what) {
  return `${n} ${plural(n, what)} left`;
}

// passwordFlow says the pool asks for the password before the code.
function passwordFlow() {
  return cfg.signInFlow === "password-and-code";
}

async function signedIn(result, how) {
  tokens = result;
  const typed = signIn ? signIn.name : "";
  signIn = null;
  $("password").value = "";
  $("start-over").hidden = true;
  const claims = decodeJWT(tokens.IdToken);
  signedInNames = [typed, claims.phone_number, claims.email].filter(Boolean);
  $("signed-in-as").textContent = `Signed in as ${claims.phone_number || claims.email || claims["cognito:username"]}.`;
  renderClaims($("claims-body"), claims);
  $("passkeys").hidden = !cfg.passkeysApi;
  show("signed-in-view");
  showStatus(how === "passkey" ? "Signed in with your passkey." : "Signed in.");
  if (how === "passkey") remember(true);
  if (cfg.passkeysApi) await refreshPasskeys();
}

// remember records in this browser whether the signed-in user's names
// use a passkey; a browser that refuses is told, not ignored.
function remember(usesPasskey) {
  try {
    memory.set(signedInNames, usesPasskey);
  } catch (err) {
    showError(`This browser did not let the page remember that you ${usesPasskey ? "use" : "no longer use"} a passkey (${err.message}); it will offer a code first.`);
  }
}

function passkeysAPI() {
  return newPasskeysAPI(cfg.passkeysApi, tokens.AccessToken);
}

async function refreshPasskeys() {
  const passkeys = await passkeysAPI().list();
  $("no-passkeys").hidden = passkeys.length > 0;
  // A user without passkeys gets the code first next time.
  if (passkeys.length === 0) remember(false);
  renderPasskeys($("passkey-list"), passkeys, async (p) => {
    await passkeysAPI().remove(p.id);
    await refreshPasskeys();
    showStatus(`Deleted ${p.name || "the passkey"}.`);
  });
}

async function addPasskey() {
  const name = $("passkey-name").value.trim() || "Passkey";
  await passkeysAPI().register(name);
  remember(true);
  $("passkey-name").value = "";
  await refreshPasskeys();
  showStatus(`Added ${name}. Next time, sign in with it.`);
}

async function signOut() {
  // RevokeToken ends the refresh token and every access token issued
  // from it; the tokens are forgotten even if the pool cannot be reached.
  const refresh = tokens.RefreshToken;
  tokens = null;
  signedInNames = [];
  $("claims-body").replaceChildren();
  $("passkey-list").replaceChildren();
  restart();
  await cognito("RevokeToken", { ClientId: cfg.clientId, Token: refresh });
  showStatus("Signed out.");
}
