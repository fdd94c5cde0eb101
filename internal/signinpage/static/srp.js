// Cognito's SRP-6a, the client side: what amazon-cognito-identity-js's
// AuthenticationHelper computes, written with BigInt and WebCrypto so that
// the page needs no bundle. internal/srp documents the variant and checks
// the server side against identity-js's own numbers; testdata/srp_test.mjs
// checks this file against the same numbers.

// N is RFC 3526's 3072-bit prime (RFC 5054's 3072-bit group), g is 2.
const N = BigInt("0x" +
  "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1" +
  "29024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
  "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245" +
  "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
  "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D" +
  "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
  "83655D23DCA3AD961C62F356208552BB9ED529077096966D" +
  "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
  "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9" +
  "DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
  "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64" +
  "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
  "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B" +
  "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
  "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31" +
  "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF");
const g = 2n;

const utf8 = new TextEncoder();
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// modPow is x^e mod m by square-and-multiply; BigInt has no built-in one.
function modPow(x, e, m) {
  let result = 1n;
  x %= m;
  for (; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * x) % m;
    x = (x * x) % m;
  }
  return result;
}

// minimal is Cognito's form of a number when hashed: the shortest
// two's-complement big-endian bytes (identity-js's padHex), so a zero byte
// in front when the top bit is set, and never padded to the length of N.
function minimal(x) {
  let hex = x.toString(16);
  if (hex.length % 2) hex = "0" + hex;
  if ("89abcdef".includes(hex[0])) hex = "00" + hex;
  return hexBytes(hex);
}

function hexBytes(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function bytesBigInt(bytes) {
  return BigInt("0x" + (Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("") || "0"));
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function sha256(...parts) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", concat(...parts)));
}

// parseHex reads SALT or SRP_B, refusing what is not plain hexadecimal
// (BigInt would also take "0x…" and whitespace).
function parseHex(name, hex) {
  if (typeof hex !== "string" || !/^[0-9a-fA-F]{1,1024}$/.test(hex)) {
    throw new Error(`The user pool sent a ${name} that is not a hexadecimal number.`);
  }
  return BigInt("0x" + hex);
}

// poolName is the part of the user pool id after "_", which the proof hashes.
function poolName(userPoolId) {
  return userPoolId.split("_")[1];
}

// formatTimestamp writes TIMESTAMP as Cognito parses it,
// "Tue Sep 3 01:22:31 UTC 2024": English names, UTC, the day not padded.
function formatTimestamp(date) {
  const two = (n) => String(n).padStart(2, "0");
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

// newClient draws the secret exponent a (1024 bits, as identity-js does)
// and returns it with SRP_A, A = g^a mod N in hexadecimal. Pass a to
// replay a known exchange in tests.
export function newClient(a = bytesBigInt(crypto.getRandomValues(new Uint8Array(128)))) {
  return { a, srpA: modPow(g, a, N).toString(16) };
}

// passwordClaim answers PASSWORD_VERIFIER: it proves password for the
// challenge parameters (USER_ID_FOR_SRP, SALT, SRP_B, SECRET_BLOCK) with
// the client from newClient, and returns the challenge responses besides
// USERNAME.
export async function passwordClaim(client, userPoolId, password, params, now = new Date()) {
  const pool = poolName(userPoolId);
  const userId = params.USER_ID_FOR_SRP;
  const B = parseHex("SRP_B", params.SRP_B);
  const salt = parseHex("SALT", params.SALT);
  if (B <= 0n || B >= N) throw new Error("The user pool sent an SRP_B outside the group.");
  const A = BigInt("0x" + client.srpA);

  const k = bytesBigInt(await sha256(minimal(N), minimal(g)));
  const u = bytesBigInt(await sha256(minimal(A), minimal(B)));
  if (u === 0n) throw new Error("The password exchange failed (u is 0); sign in again.");
  const inner = await sha256(utf8.encode(pool + userId + ":" + password));
  const x = bytesBigInt(await sha256(minimal(salt), inner));
  // S = (B − k·g^x)^(a + u·x) mod N, the base reduced into [0, N) first.
  const base = (((B - k * modPow(g, x, N)) % N) + N) % N;
  const S = modPow(base, client.a + u * x, N);

  const hkdfKey = await crypto.subtle.importKey("raw", minimal(S), "HKDF", false, ["deriveBits"]);
  const key = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: minimal(u), info: utf8.encode("Caldera Derived Key") }, hkdfKey, 128);
  const hmacKey = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const timestamp = formatTimestamp(now);
  const secretBlock = Uint8Array.from(atob(params.SECRET_BLOCK), (c) => c.charCodeAt(0));
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", hmacKey,
    concat(utf8.encode(pool), utf8.encode(userId), secretBlock, utf8.encode(timestamp))));
  return {
    PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK,
    PASSWORD_CLAIM_SIGNATURE: btoa(String.fromCharCode(...signature)),
    TIMESTAMP: timestamp,
  };
}
