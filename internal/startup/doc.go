// Package startup builds the create and verify triggers from their
// environment when a Lambda process starts: the configuration, one AWS
// configuration for the whole process (loaded once and handed to every
// client, each with its own retries and timeouts), the code-hash key
// (given, or derived from KMS), the senders and the abuse limiter. The
// commands under cmd/ only wire it to lambda.Start.
//
// Pre sign-up and define need none of this: they call no AWS service and
// link no AWS SDK.
package startup
