// Package samtemplate reads the project's SAM template (template.yaml at the
// module root) and names the functions it deploys, so that tests can check
// what cfn-lint cannot: that the template, the Makefile and the Go code agree.
//
// Its tests check that each function (the four triggers of Functions and
// PasskeysAPI, AllFunctions) sets exactly the environment variables its
// command reads (internal/config), with parameter defaults and limits
// equal to the code's; that UsernameAttributes sets the pool's username
// attributes and the CHANNELS the code reads, and that email needs a sender
// (the template's Rules); that each function's build-<LogicalId> Makefile
// target builds its command into a linux/arm64 bootstrap with the flags of
// internal/build; that each Cognito trigger is wired to its function, which
// only the user pool may invoke; that only create and verify have IAM
// policies, create's allowing nothing but sns:Publish to phone numbers (with
// SMS) and ses:SendEmail from the one SES identity (with email), and both
// UpdateItem on the limits table; that the code-hash key is derived from a
// KMS HMAC key only their roles may use, and is in no configuration; that
// the SAM transform's resource types are on SAR's list and the sample env
// files declare only what the functions do; that Passkeys=Enabled, and
// only it, brings the credentials table (retained, PITR, on demand, TTL,
// passkeydb's keys), the passkeys API's function (its environment
// config.Variables[config.PasskeysAPI], its policy exactly Query, PutItem,
// UpdateItem and DeleteItem on the table) and HTTP API (a JWT authorizer
// on the pool and its client, CORS for PasskeyOrigins only, throttling),
// and create's Query and verify's Query and UpdateItem on the table; and
// that the Serverless Application Repository metadata is complete.
//
// Template.Deploy evaluates the template for given parameter values as
// CloudFormation would: Rules, Conditions and Fn::If.
//
// The reader understands CloudFormation's short-form tags (!Ref, !Sub,
// !GetAtt, !If and the other Fn:: functions) and turns them into their long
// forms, so {"Ref": "X"} stands for both "!Ref X" and "Ref: X". Scalars are
// kept as their text, as CloudFormation does with parameter values.
package samtemplate
