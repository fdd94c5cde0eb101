// srp_test.mjs checks static/srp.js against exchanges computed by
// amazon-cognito-identity-js (srp_vectors.json, copied from
// internal/srp/vectors_data_test.go): with identity-js's a, salt, SRP_B,
// secret block and clock, the page must send the same SRP_A, TIMESTAMP and
// PASSWORD_CLAIM_SIGNATURE. TestSRPVectors runs it with node; it prints
// one line per case and exits non-zero on the first mismatch.

import { readFileSync } from "node:fs";
import { newClient, passwordClaim } from "../static/srp.js";

const vectors = JSON.parse(readFileSync(new URL("./srp_vectors.json", import.meta.url)));
for (const v of vectors) {
  const client = newClient(BigInt("0x" + v.a));
  if (client.srpA !== v.srpA) throw new Error(`${v.name}: SRP_A ${client.srpA}, want ${v.srpA}`);
  const claim = await passwordClaim(client, v.userPoolID, v.password,
    { USER_ID_FOR_SRP: v.userIDForSRP, SALT: v.salt, SRP_B: v.srpB, SECRET_BLOCK: v.secretBlock }, new Date(v.now));
  const want = { PASSWORD_CLAIM_SECRET_BLOCK: v.secretBlock, PASSWORD_CLAIM_SIGNATURE: v.signature, TIMESTAMP: v.timestamp };
  for (const [k, w] of Object.entries(want)) {
    if (claim[k] !== w) throw new Error(`${v.name}: ${k} ${claim[k]}, want ${w}`);
  }
  console.log(`ok ${v.name}`);
}
