package localpool

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"slices"
	"strconv"
	"strings"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/otp"
)

// hashKeyLength is the length of the CODE_HASH_KEY made for each run.
const hashKeyLength = 64

// hashKeyAlphabet is what that key is made of: printable, so that it is a
// valid environment variable value, with 6 bits of entropy a character.
const hashKeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// triggerVariables returns the values of every variable config.Variables
// lists: the template's defaults, a fresh random CODE_HASH_KEY, CHANNELS
// for the username attributes, AUTHENTICATOR_APP for mfaRequired (as the
// template sets it from AuthenticatorApp), EMAIL_FROM DefaultEmailFrom,
// then overrides. An override of a variable no trigger reads is an error, and so
// is a value a trigger would refuse at start, so that a typo shows at once
// rather than as a failed first sign-in.
func triggerVariables(overrides map[string]string, usernameAttributes []string, mfaRequired bool) (map[string]string, error) {
	values := map[string]string{
		config.EnvMaxAttempts:              strconv.Itoa(config.DefaultMaxAttempts),
		config.EnvMaxResends:               strconv.Itoa(config.DefaultMaxResends),
		config.EnvChannels:                 channelsOf(usernameAttributes),
		config.EnvSignInFlow:               config.DefaultSignInFlow,
		config.EnvRequireCodeAfterMFA:      "false",
		config.EnvAuthenticatorApp:         config.AuthenticatorAppOptional,
		config.EnvCodeLength:               strconv.Itoa(otp.DefaultLength),
		config.EnvCodeTTL:                  config.DefaultCodeTTL.String(),
		config.EnvCodeHashKey:              newHashKey(),
		config.EnvCodeHashKeyID:            "",
		config.EnvSMSMessage:               config.DefaultSMSMessage,
		config.EnvSMSSenderID:              "",
		config.EnvEmailFrom:                DefaultEmailFrom,
		config.EnvEmailSubject:             config.DefaultEmailSubject,
		config.EnvEmailMessage:             config.DefaultEmailMessage,
		config.EnvEmailConfigurationSet:    "",
		config.EnvAllowedCountryCodes:      "",
		config.EnvAllowedEmailDomains:      "",
		config.EnvLimitsTable:              LimitsTable,
		config.EnvSMSPerNumberPer15Minutes: strconv.Itoa(limits.DefaultNumberShort),
		config.EnvSMSPerNumberPerDay:       strconv.Itoa(limits.DefaultNumberLong),
		config.EnvSMSPerCountryPerHour:     "0",
		config.EnvSMSPerPoolPerHour:        strconv.Itoa(limits.DefaultPoolPerHour),
		config.EnvEmailPerAddressPer15Min:  strconv.Itoa(limits.DefaultAddressShort),
		config.EnvEmailPerAddressPerDay:    strconv.Itoa(limits.DefaultAddressLong),
		config.EnvEmailPerPoolPerHour:      strconv.Itoa(limits.DefaultEmailPoolPerHour),
		config.EnvBudgetShards:             strconv.Itoa(limits.DefaultBudgetShards),
		config.EnvLockoutAfterWrongAnswers: strconv.Itoa(limits.DefaultWrongAnswers),
		config.EnvLockoutWindow:            limits.DefaultWrongAnswersLength.String(),
		config.EnvRequireCodeAfterPasskey:  "false",
		// Passkeys are off until Options.Passkeys (passkeySettings).
		config.EnvCredentialsTable:        "",
		config.EnvPasskeyRPID:             "",
		config.EnvPasskeyRPName:           "",
		config.EnvPasskeyOrigins:          "",
		config.EnvPasskeyUserVerification: "",
		config.EnvPasskeyTimeout:          "",
		config.EnvPasskeyAllowedAAGUIDs:   "",
		config.EnvPasskeyFreshSignIn:      "",
		config.EnvPasskeyMaxPerUser:       "",
	}
	if mfaRequired {
		values[config.EnvAuthenticatorApp] = config.AuthenticatorAppRequired
	}
	for _, name := range slices.Sorted(maps.Keys(overrides)) {
		if _, ok := values[name]; !ok {
			return nil, fmt.Errorf("localpool: no trigger reads the environment variable %s", name)
		}
		values[name] = overrides[name]
	}
	lookup := func(name string) (string, bool) {
		v, ok := values[name]
		return v, ok
	}
	_, errPreSignUp := config.LoadPreSignUp(lookup)
	_, errDefine := config.LoadDefine(lookup)
	_, errCreate := config.LoadCreate(lookup)
	_, errVerify := config.LoadVerify(lookup)
	if err := errors.Join(errPreSignUp, errDefine, errCreate, errVerify); err != nil {
		return nil, fmt.Errorf("localpool: trigger settings: %w", err)
	}
	return values, nil
}

// endpoints are the AWS service endpoints the triggers call.
type endpoints struct {
	// sns receives create's SMS, sesv2 its email.
	sns, sesv2 string
	// dynamodb holds the limits table; empty when the counters are off.
	dynamodb string
	// cognito is the pool's own URL, where the passkeys API asks whether
	// an access token still holds (GetUser).
	cognito string
}

// triggerEnv returns one trigger's environment ("KEY=value"): exactly the
// variables config.Variables gives it, as the template does, what the
// Lambda service adds, and the endpoints of the services it calls: SNS and
// SES v2 for create, DynamoDB for create, verify and the passkeys API,
// and this pool for the passkeys API, never Cognito in AWS.
func triggerEnv(name string, values map[string]string, region string, ep endpoints) []string {
	env := []string{
		"AWS_REGION=" + region,
		// Static fake credentials: the SDK signs with them and nothing checks.
		"AWS_ACCESS_KEY_ID=local",
		"AWS_SECRET_ACCESS_KEY=local",
		"AWS_LAMBDA_LOG_FORMAT=JSON",
	}
	for _, v := range config.Variables[name] {
		env = append(env, v+"="+values[v])
	}
	if name == createTrigger.command {
		env = append(env, "AWS_ENDPOINT_URL_SNS="+ep.sns, "AWS_ENDPOINT_URL_SESV2="+ep.sesv2)
	}
	if ep.dynamodb != "" && (name == createTrigger.command || name == verifyTrigger.command || name == config.PasskeysAPI) {
		env = append(env, "AWS_ENDPOINT_URL_DYNAMODB="+ep.dynamodb)
	}
	if name == config.PasskeysAPI {
		env = append(env, "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER="+loopbackURL(ep.cognito))
	}
	return env
}

// loopbackURL is u, the pool's URL, with a loopback address in place of
// an unspecified one (a pool listening on 0.0.0.0 or [::]), so that the
// processes on this machine reach it by a host it serves.
func loopbackURL(u string) string {
	rest, ok := strings.CutPrefix(u, "http://")
	host, port, err := net.SplitHostPort(rest)
	if !ok || err != nil {
		return u
	}
	ip := net.ParseIP(host)
	switch {
	case ip == nil || !ip.IsUnspecified():
		return u
	case ip.To4() != nil:
		host = "127.0.0.1"
	default:
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

func newHashKey() string {
	raw := randomBytes(hashKeyLength)
	for i, b := range raw {
		raw[i] = hashKeyAlphabet[int(b)%len(hashKeyAlphabet)]
	}
	return string(raw)
}
