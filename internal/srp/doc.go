// Package srp is Amazon Cognito's variant of SRP-6a, the password proof
// of USER_SRP_AUTH and of CUSTOM_AUTH started with CHALLENGE_NAME=SRP_A:
// the client side, as amazon-cognito-identity-js's AuthenticationHelper,
// Amplify and the AWS SDKs compute it, and the server side, as Cognito
// checks it, for local mode.
//
// The exchange:
//
//	client                                   server (stores Salt and V only)
//	NewClient: a random, A = g^a
//	  InitiateAuth SRP_A = A          ─────▶ NewServer: b random, B = k·v + g^b
//	                                  ◀───── SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP
//	Client.Claim: u = H(A, B), x from salt and password,
//	  S = (B − k·g^x)^(a + u·x), key = HKDF(S, u),
//	  signature = HMAC(key, pool name, user id, secret block, timestamp)
//	  PASSWORD_CLAIM_SIGNATURE, TIMESTAMP ─────▶ Server.Verify: S = (A·v^u)^b, same key, same HMAC
//
// A server never holds the password: NewVerifier turns it into a salt and
// a verifier v = g^x mod N once, at sign-up, and those two are what is
// stored. Knowing them lets one check a password proof but not make one.
//
// Cognito's variant differs from RFC 5054 in ways a compatible
// implementation must copy, all checked here against identity-js's own
// numbers (testdata/vectors.mjs):
//
//   - The group is RFC 3526's 3072-bit prime (RFC 5054's 3072-bit group)
//     with g = 2, and H is SHA-256.
//   - Every number is hashed in its shortest two's-complement big-endian
//     form (Java's BigInteger.toByteArray, identity-js's padHex): no
//     padding to the length of N as RFC 5054's PAD does, but a zero byte
//     in front when the top bit of the first byte is set. So
//     k = H(00‖N ‖ 02), and u = H(A ‖ B) hashes 384 or 385 bytes of A,
//     or fewer when A is small.
//   - x = H(salt ‖ H(poolName ‖ userIDForSRP ‖ ":" ‖ password)), where
//     poolName is the user pool id's part after "_" (PoolName) and the
//     salt is the number SALT spells, not its characters.
//   - The key is 16 bytes of HKDF-SHA-256 with S as the secret, u as the
//     salt (both in the shortest form above) and "Caldera Derived Key" as
//     the info.
//   - The signature is the base64 of HMAC-SHA-256 under that key of the
//     pool name, USER_ID_FOR_SRP, the decoded SECRET_BLOCK and TIMESTAMP,
//     a UTC time written as "Tue Sep 3 01:22:31 UTC 2024" (FormatTimestamp;
//     the day is not zero-padded).
//
// The arithmetic is math/big's, which, like identity-js's, does not run
// in constant time; the exponents it would leak through timing are the
// one-time a and b, and the password's x where the verifier is made and
// where the client proves it. Signatures are compared in constant time.
package srp
