// Passkeys: the browser's WebAuthn ceremonies and the passkeys API, which
// registers, lists and deletes the signed-in user's passkeys.

import { request } from "./cognito.js";

// supported reports whether this browser can run the ceremonies from the
// JSON options the server sends (Chrome 129, Firefox 119, Safari 18.4).
export function supported() {
  return typeof PublicKeyCredential !== "undefined" &&
    typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function" &&
    typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function";
}

// ceremonyError turns a rejected credentials.get or create into what the
// user can do about it. The browser says little on purpose: a cancelled
// prompt, a timeout and an unknown passkey are all NotAllowedError.
function ceremonyError(err) {
  switch (err && err.name) {
    case "NotAllowedError":
      return new Error("The passkey prompt was cancelled, timed out, or found no passkey for this account. Try again, or ask for a code.");
    case "InvalidStateError":
      return new Error("This device already holds a passkey for your account.");
    case "SecurityError":
      return new Error("The browser refused the passkey request for this site's address (passkeys need https, or http://localhost).");
    case "AbortError":
      return new Error("The passkey request was stopped.");
    default:
      return err;
  }
}

// ceremony runs a WebAuthn call, its refusal turned by ceremonyError.
async function ceremony(run) {
  try {
    return await run();
  } catch (err) {
    throw ceremonyError(err);
  }
}

function requireSupport() {
  if (!supported()) throw new Error("This browser cannot use passkeys from this page; update it, or sign in with a code.");
}

// assert runs navigator.credentials.get with the request options a
// challenge's passkeyOptions holds, and returns the ANSWER: the assertion
// in its toJSON form, as a string.
export async function assert(optionsJSON) {
  requireSupport();
  const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(optionsJSON));
  const credential = await ceremony(() => navigator.credentials.get({ publicKey }));
  return JSON.stringify(credential.toJSON());
}

// newPasskeysAPI returns the passkeys API at base for the user whose
// access token is given.
export function newPasskeysAPI(base, accessToken) {
  const call = (method, path, body) => request(base.replace(/\/$/, "") + path, {
    method,
    headers: { Authorization: `Bearer ${accessToken}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body && JSON.stringify(body),
  }, "the passkeys API");
  return {
    list: async () => (await call("GET", "/passkeys")).passkeys || [],
    remove: (id) => call("DELETE", `/passkeys/${encodeURIComponent(id)}`),
    // register asks for creation options, has the browser create the
    // passkey, and stores it under name.
    register: async (name) => {
      requireSupport();
      const { options } = await call("POST", "/passkeys/registration");
      const credential = await ceremony(() => navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) }));
      return call("POST", "/passkeys", { credential: credential.toJSON(), name });
    },
  };
}
