// Package startup holds what the create and verify triggers share when a
// Lambda process starts: one AWS configuration for the whole process
// (loaded once and handed to every client, each with its own retries and
// timeouts) and the code-hash key (given, or derived from KMS). Packages
// createstart and verifystart build each trigger with it; they are apart
// so that each binary links only the AWS clients it calls (verify: no SNS,
// no SES). The commands under cmd/ only wire them to lambda.Start.
//
// Pre sign-up and define need none of this: they call no AWS service and
// link no AWS SDK.
package startup
