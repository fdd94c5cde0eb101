// Package startup holds what the functions that call AWS share when a
// Lambda process starts: one AWS configuration for the whole process
// (LoadAWS: loaded once and handed to every client, each with its own
// retries and timeouts) and the passkey settings, validated
// (PasskeyOptions, Passkeys). Package triggerstart adds what create and
// verify share (the code-hash key, the limiter); packages createstart,
// verifystart and passkeysapistart build each function, apart so that
// each binary links only the AWS clients it calls (verify: no SNS, no
// SES; the passkeys API: no KMS). The commands under cmd/ only wire them
// to lambda.Start.
//
// Pre sign-up and define need none of this: they call no AWS service and
// link no AWS SDK.
package startup
