// The Cognito Identity Provider JSON 1.1 API, as the page calls it: one
// POST per operation, named by X-Amz-Target. Unauthenticated operations
// need no AWS signature, so fetch is the whole client.

// TIMEOUT_MS bounds every call: a sign-in step runs a trigger or two.
const TIMEOUT_MS = 20000;

// ApiError is an answer the pool or the passkeys API refused, with the
// exception's name as code (NotAuthorizedException, …) and its message.
export class ApiError extends Error {
  constructor(code, message) {
    super(message || code);
    this.name = "ApiError";
    this.code = code;
  }
}

// request is fetch with the failures people can cause or meet turned into
// sentences: a server that is down, one that does not answer in time, and
// an answer that is not JSON. It returns the parsed body, or throws
// ApiError with the body's message for a status of 400 or more.
// what names the server in a sentence, in lower case: "the user pool".
export async function request(url, init, what) {
  const What = what[0].toUpperCase() + what.slice(1);
  let response;
  try {
    response = await fetch(url, { ...init, cache: "no-store", credentials: "omit", signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    if (err.name === "TimeoutError") throw new Error(`${What} did not answer within ${TIMEOUT_MS / 1000} seconds.`);
    throw new Error(`Could not reach ${what} at ${new URL(url, location.href).origin}. Is it running?`);
  }
  const text = await response.text();
  let body = {};
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`${What} answered ${response.status} with something that is not JSON.`);
    }
  }
  if (!response.ok) {
    // Cognito names the exception in __type (sometimes prefixed with a
    // namespace and "#"); the passkeys API in error.
    const code = String(body.__type || body.error || `HTTP ${response.status}`).split("#").pop();
    throw new ApiError(code, body.message || body.Message || `${What} answered ${response.status} ${response.statusText}.`);
  }
  return body;
}

// newCognito returns call(operation, input) for the pool at endpoint.
export function newCognito(endpoint) {
  return (operation, input) => request(endpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(input),
  }, "the user pool");
}

// decodeJWT returns a token's payload. The page shows it; it does not
// verify it: the server that accepts the token must.
export function decodeJWT(token) {
  const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Uint8Array.from(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), "=")), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}
