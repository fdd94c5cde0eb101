// Package hashkey derives the code-hash key of the create and verify
// triggers from a KMS HMAC key, so that the key is in no configuration:
// the functions' environment names the KMS key (CODE_HASH_KEY_ID), and
// whoever may read it (lambda:GetFunctionConfiguration) learns nothing
// they can use without kms:GenerateMac on that key.
//
// At start, each trigger process asks KMS once for the HMAC-SHA-256, under
// the KMS key, of a fixed label (Label). That MAC is the code-hash key: the
// seals' key and, through its own derivations (otp.Sealer.Digest with a
// label), the abuse counters'. The KMS key itself never leaves KMS.
//
// Rotating or replacing the KMS key changes the derived key. Codes in
// flight (minutes) then fail to verify and the users ask for a new one;
// the abuse counters start again from zero under new ids, and the old
// items expire by their TTL. KMS's automatic rotation does not apply to
// HMAC keys; replacing the key is a stack update.
package hashkey
