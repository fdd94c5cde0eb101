// Package passkeysapistart builds the passkeys API from its environment
// when its Lambda process starts (package startup): the configuration,
// the relying party's options, validated, the credentials table, and the
// user pool that confirms each changing request's access token
// (cognitotoken).
package passkeysapistart

import (
	"context"
	"log/slog"

	"github.com/cognito-passwordless/passwordless-go/internal/cognitotoken"
	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyapi"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeydb"
	"github.com/cognito-passwordless/passwordless-go/internal/startup"
)

// New returns the passkeys API of the environment that lookup reads. A
// missing table, a wrong relying party id or origin stops it here, not
// at the first request. It does no network I/O.
func New(ctx context.Context, lookup config.Lookup, log *slog.Logger) (passkeyapi.Handler, error) {
	cfg, opts, err := startup.PasskeysAPISettings(lookup)
	if err != nil {
		return passkeyapi.Handler{}, err
	}
	awsCfg, err := startup.LoadAWS(ctx)
	if err != nil {
		return passkeyapi.Handler{}, err
	}
	// The clients of both NewFromConfig retry within a request's time.
	store := passkeydb.NewFromConfig(awsCfg, cfg.Table)
	return passkeyapi.New(cfg, opts, store, cognitotoken.NewFromConfig(awsCfg), log), nil
}
