// Shared by the scripts that js_test.go runs against a local pool.
//
// The Go test passes the pool in the environment and reads one JSON line per
// step from stdout: {"step": NAME, ...what the step saw}. A step that throws
// prints {"step": NAME, "failed": {...}} and ends the script, since the
// steps after it need its result.

import { createHmac } from "node:crypto";

export const endpoint = need("LOCALPOOL_ENDPOINT"); // http://127.0.0.1:PORT
export const userPoolId = need("LOCALPOOL_USER_POOL_ID");
export const clientId = need("LOCALPOOL_CLIENT_ID");
export const phone = need("LOCALPOOL_PHONE"); // a number not signed up yet

function need(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set: js_test.go runs this script`);
    process.exit(2);
  }
  return value;
}

// step runs fn and prints what it returns, or its error and exits.
export async function step(name, fn) {
  let result;
  try {
    result = await fn();
  } catch (err) {
    console.log(JSON.stringify({ step: name, failed: errorOf(err) }));
    process.exit(1);
  }
  console.log(JSON.stringify({ step: name, ...result }));
  return result;
}

// errorOf keeps what a Cognito error carries: its exception name (code in
// identity-js, name in Amplify) and message.
export function errorOf(err) {
  if (err == null) return null;
  return { name: err.name, code: err.code, message: err.message };
}

// smsCode reads the code of the newest SMS to number from the pool's outbox:
// the local user's phone.
export async function smsCode(number) {
  const res = await fetch(`${endpoint}/_local/outbox`);
  const { messages } = await res.json();
  const last = messages.filter((m) => m.phoneNumber === number).at(-1);
  const code = last?.message.match(/\b[0-9]{6}\b/)?.[0];
  if (!code) throw new Error(`no SMS code for ${number} in the outbox`);
  return code;
}

// wrongCode is a code of the right shape that is not code.
export const wrongCode = (code) => (code === "000000" ? "111111" : "000000");

// claims decodes a JWT's payload, unverified: to compare, not to trust.
export const claims = (jwt) => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url"));

// cognitoError makes one raw Cognito API call, as every AWS SDK sends it, and
// returns the exception it got, if any.
export async function cognitoError(operation, input) {
  const res = await fetch(endpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(input),
  });
  if (res.ok) return null;
  const body = await res.json();
  return { name: body.__type, message: body.message };
}

// totp is the RFC 6238 code an authenticator app shows for a base32 secret
// at a time (milliseconds): HMAC-SHA1 of the 30-second step, 6 digits. It
// is written here, not taken from Go, so that the test also shows local
// mode's secrets and codes work with an implementation of its own.
export function totp(secret, at = Date.now()) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/=+$/, "").toUpperCase()) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error(`the secret has a character base32 does not: ${c}`);
    bits += v.toString(2).padStart(5, "0");
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30000)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, "0");
}
