package startup

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/google/uuid"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeydb"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyround"
)

// PasskeyOptions returns the passkey.Options of cfg, validated, so that a
// function with a wrong relying party id or origin stops at start rather
// than at its first passkey.
func PasskeyOptions(cfg config.Passkeys) (passkey.Options, error) {
	opts := passkey.Options{RPID: cfg.RPID, RPName: cfg.RPName, Origins: cfg.Origins,
		UserVerification: cfg.UserVerification, Timeout: cfg.Timeout}
	for _, raw := range cfg.AllowedAAGUIDs {
		id, err := uuid.Parse(raw)
		if err != nil {
			return opts, fmt.Errorf("%s: %q is not a UUID such as 08987058-cadc-4b81-b6e1-30de50dcbe96", config.EnvPasskeyAllowedAAGUIDs, raw)
		}
		opts.AllowedAAGUIDs = append(opts.AllowedAAGUIDs, id)
	}
	if err := opts.Validate(); err != nil {
		return opts, fmt.Errorf("passkey settings (%s, %s): %w", config.EnvPasskeyRPID, config.EnvPasskeyOrigins, err)
	}
	return opts, nil
}

// Passkeys returns the passkey rounds of cfg, over its credentials table
// through client, with the validated options, or nil when passkeys are off.
func Passkeys(client *dynamodb.Client, cfg config.Passkeys) (*passkeyround.Rounds, error) {
	if !cfg.On() {
		return nil, nil
	}
	opts, err := PasskeyOptions(cfg)
	if err != nil {
		return nil, err
	}
	return &passkeyround.Rounds{Store: passkeydb.New(client, cfg.Table), Options: opts}, nil
}

// PasskeysAPISettings reads the passkeys API's configuration from lookup
// and validates its options, as the function does at start (and local
// mode before it starts the function).
func PasskeysAPISettings(lookup config.Lookup) (config.Passkeys, passkey.Options, error) {
	cfg, err := config.LoadPasskeysAPI(lookup)
	if err != nil {
		return cfg, passkey.Options{}, err
	}
	opts, err := PasskeyOptions(cfg)
	return cfg, opts, err
}
