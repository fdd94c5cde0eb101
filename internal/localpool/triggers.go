package localpool

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/build"
	"github.com/cognito-passwordless/passwordless-go/internal/lambdahost"
)

// trigger is one of the four Lambda triggers, named four ways.
type trigger struct {
	// command is its directory under cmd/ and under a bin dir.
	command string
	// name is how Cognito names it in a UserLambdaValidationException.
	name string
	// title is how local mode's terminal names it, for people.
	title string
	// source is the triggerSource of the event Cognito sends it.
	source string
	// nullResponse says whether Cognito sends the event's response with
	// every field null; it sends pre sign-up's with false values instead.
	nullResponse bool
}

var (
	preSignUpTrigger = trigger{command: "pre-signup", name: "PreSignUp", title: "pre sign-up", source: "PreSignUp_SignUp"}
	defineTrigger    = trigger{command: "define-auth-challenge", name: "DefineAuthChallenge", title: "define auth challenge", source: "DefineAuthChallenge_Authentication", nullResponse: true}
	createTrigger    = trigger{command: "create-auth-challenge", name: "CreateAuthChallenge", title: "create auth challenge", source: "CreateAuthChallenge_Authentication", nullResponse: true}
	verifyTrigger    = trigger{command: "verify-auth-challenge", name: "VerifyAuthChallengeResponse", title: "verify auth challenge", source: "VerifyAuthChallengeResponse_Authentication", nullResponse: true}
)

// triggers runs the four trigger binaries, warm, one process each, and
// sends them the events Cognito would.
type triggers struct {
	functions map[string]*lambdahost.Function // by command
	// region, userPoolID and clientID fill every event's header.
	region, userPoolID, clientID string
	// observe, if not nil, sees each payload before it is sent.
	observe func(command string, payload []byte)
}

// start starts binDir/<command>/bootstrap for each of commands (the
// triggers, and the passkeys API when passkeys are on) with its
// environment from envFor. On failure, Close stops those started.
func (t *triggers) start(binDir string, commands []string, envFor func(command string) []string, logs io.Writer) error {
	t.functions = map[string]*lambdahost.Function{}
	for _, command := range commands {
		path := build.Bootstrap(binDir, command)
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("localpool: no trigger binary %s: the bin dir must hold <name>/bootstrap for each trigger, built for this machine", path)
		}
		f, err := lambdahost.Start(lambdahost.Options{Name: command, Path: path, Env: envFor(command), Logs: logs})
		if err != nil {
			return fmt.Errorf("localpool: starting %s (is it built for this machine's OS and architecture?): %w", command, err)
		}
		t.functions[command] = f
	}
	return nil
}

// Close stops every trigger process.
func (t *triggers) Close() error {
	var errs []error
	for _, f := range t.functions {
		errs = append(errs, f.Close())
	}
	return errors.Join(errs...)
}

func (t *triggers) header(c call, tr trigger, userName string) events.CognitoEventUserPoolsHeader {
	return events.CognitoEventUserPoolsHeader{
		Version:       "1",
		TriggerSource: tr.source,
		Region:        t.region,
		UserPoolID:    t.userPoolID,
		CallerContext: events.CognitoEventUserPoolsCallerContext{AWSSDKVersion: c.sdk, ClientID: t.clientID},
		UserName:      userName,
	}
}

func (t *triggers) preSignUp(c call, userName string, req events.CognitoEventUserPoolsPreSignupRequest) (events.CognitoEventUserPoolsPreSignupResponse, error) {
	ev := events.CognitoEventUserPoolsPreSignup{CognitoEventUserPoolsHeader: t.header(c, preSignUpTrigger, userName), Request: req}
	out, err := invoke(t, c, preSignUpTrigger, ev)
	return out.Response, err
}

func (t *triggers) define(c call, userName string, req events.CognitoEventUserPoolsDefineAuthChallengeRequest) (events.CognitoEventUserPoolsDefineAuthChallengeResponse, error) {
	ev := events.CognitoEventUserPoolsDefineAuthChallenge{CognitoEventUserPoolsHeader: t.header(c, defineTrigger, userName), Request: req}
	out, err := invoke(t, c, defineTrigger, ev)
	return out.Response, err
}

func (t *triggers) create(c call, userName string, req events.CognitoEventUserPoolsCreateAuthChallengeRequest) (events.CognitoEventUserPoolsCreateAuthChallengeResponse, error) {
	ev := events.CognitoEventUserPoolsCreateAuthChallenge{CognitoEventUserPoolsHeader: t.header(c, createTrigger, userName), Request: req}
	out, err := invoke(t, c, createTrigger, ev)
	return out.Response, err
}

func (t *triggers) verify(c call, userName string, req events.CognitoEventUserPoolsVerifyAuthChallengeRequest) (events.CognitoEventUserPoolsVerifyAuthChallengeResponse, error) {
	ev := events.CognitoEventUserPoolsVerifyAuthChallenge{CognitoEventUserPoolsHeader: t.header(c, verifyTrigger, userName), Request: req}
	out, err := invoke(t, c, verifyTrigger, ev)
	return out.Response, err
}

// triggerError is a trigger's own error (or its crash or timeout) as
// Cognito answers it, a UserLambdaValidationException, which keeps the
// trigger and its message apart for the terminal's line.
type triggerError struct {
	*apiError
	trigger trigger
	message string
}

func (e *triggerError) Unwrap() error { return e.apiError }

// invoke sends ev to tr's process and decodes the event it returns. It
// turns failures into Cognito's exceptions: the function's own error (or a
// crash or timeout) is a UserLambdaValidationException quoting its
// message (a *triggerError), an answer that is not the event an
// InvalidLambdaResponseException.
func invoke[E any](t *triggers, c call, tr trigger, ev E) (E, error) {
	var out E
	payload, err := marshalEvent(ev, tr.nullResponse)
	if err != nil {
		return out, err
	}
	if t.observe != nil {
		t.observe(tr.command, payload)
	}
	answer, err := t.functions[tr.command].Invoke(c.ctx, payload)
	var fnErr *lambdahost.FunctionError
	switch {
	case errors.As(err, &fnErr):
		return out, &triggerError{
			apiError: newError(errUserLambdaValidation, "%s failed with error %s.", tr.name, fnErr.Message),
			trigger:  tr, message: fnErr.Message,
		}
	case err != nil:
		return out, newError(errUnexpectedLambda, "%s failed: the function could not be invoked.", tr.name)
	}
	if err := json.Unmarshal(answer, &out); err != nil {
		return out, newError(errInvalidLambdaResponse, "Unrecognizable lambda output")
	}
	return out, nil
}

// marshalEvent encodes an event; with nullResponse every field of its
// "response" is null, as in the events Cognito sends the auth challenge
// triggers, rather than the Go zero values the events types would give.
func marshalEvent(ev any, nullResponse bool) ([]byte, error) {
	payload, err := json.Marshal(ev)
	if err != nil || !nullResponse {
		return payload, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(payload, &fields); err != nil {
		return nil, err
	}
	var response map[string]json.RawMessage
	if err := json.Unmarshal(fields["response"], &response); err != nil {
		return nil, err
	}
	for k := range response {
		response[k] = json.RawMessage("null")
	}
	if fields["response"], err = json.Marshal(response); err != nil {
		return nil, err
	}
	return json.Marshal(fields)
}
