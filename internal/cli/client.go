package cli

import (
	"context"
	"errors"
	"flag"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
)

// pool is a user pool's app client, as the commands talk to it.
type pool struct {
	client   *cip.Client
	clientID string
	// userPoolID is the pool's id, which the password proof signs; empty
	// when not known (a deployed pool without --user-pool-id).
	userPoolID string
}

// localUserPoolID is the id local mode gives its pool by default, of which
// only the part after "_", the same in every region, matters here.
const localUserPoolID = localpool.DefaultRegion + localpool.DefaultPoolSuffix

// userPoolIDPattern is Cognito's pattern for a user pool id: REGION_ID.
var userPoolIDPattern = regexp.MustCompile(`^[\w-]+_[0-9a-zA-Z]+$`)

// poolFlags are the flags that say which pool and app client to talk to.
type poolFlags struct {
	region, clientID, endpointURL string
	// userPoolID is --user-pool-id, of the commands that register it.
	userPoolID string
}

func (p *poolFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.region, "region", "", "AWS region of the user pool (default: the standard AWS configuration, such as AWS_REGION)")
	fs.StringVar(&p.clientID, "client-id", "", "app client id of the user pool: the stack's outputs (required), or local mode's (default with --endpoint-url: "+localpool.DefaultClientID+")")
	fs.StringVar(&p.endpointURL, "endpoint-url", "", "Cognito endpoint to use instead of AWS's, such as local mode's http://127.0.0.1:9229")
}

// registerUserPoolID adds --user-pool-id, which sign-in needs to prove a
// password to a deployed pool, and which gives the region.
func (p *poolFlags) registerUserPoolID(fs *flag.FlagSet) {
	fs.StringVar(&p.userPoolID, "user-pool-id", "", "id of the user pool, such as eu-west-1_AbCdEf123 (the stack's outputs), which gives the region; sign-in with --password-stdin needs it for a deployed pool (default with --endpoint-url: local mode's, "+localUserPoolID+")")
}

// parseUsername parses a command line of one PHONE or EMAIL and flags into
// fs, which holds p's flags and the command's own, and returns the name
// and the pool.
func (p *poolFlags) parseUsername(ctx context.Context, fs *flag.FlagSet, args []string) (string, *pool, error) {
	positional, err := parseArgs(fs, args, usernameArgs)
	if err != nil {
		return "", nil, err
	}
	name, err := usernameArg(fs, positional[0])
	if err != nil {
		return "", nil, err
	}
	pool, err := p.connect(ctx, fs)
	return name, pool, err
}

// connect checks the flags, reporting a missing one on fs, and returns the
// pool. With an endpoint the client id defaults to local mode's, so that
// trying local mode takes no copying of ids.
func (p *poolFlags) connect(ctx context.Context, fs *flag.FlagSet) (*pool, error) {
	if p.clientID == "" && p.endpointURL != "" {
		p.clientID = localpool.DefaultClientID
	}
	if p.clientID == "" {
		return nil, usageError(fs, "--client-id is required: the app client id of the user pool (in the stack's outputs)")
	}
	region := p.region
	if p.userPoolID != "" {
		if !userPoolIDPattern.MatchString(p.userPoolID) {
			return nil, usageError(fs, "--user-pool-id must be REGION_ID, such as eu-west-1_AbCdEf123, got %q", p.userPoolID)
		}
		// A deployed pool lives in the region its id starts with; local
		// mode's ids need not name its region.
		if poolRegion, _, _ := strings.Cut(p.userPoolID, "_"); p.endpointURL == "" {
			switch {
			case region == "":
				region = poolRegion
			case region != poolRegion:
				return nil, usageError(fs, "--user-pool-id %s is a pool of %s, not of --region %s", p.userPoolID, poolRegion, region)
			}
		}
	}
	pool, err := newPool(ctx, region, p.endpointURL, p.clientID)
	if errors.Is(err, errNoRegion) {
		return nil, usageError(fs, "--region is required (or AWS_REGION, or a region in the AWS profile)")
	}
	if err != nil {
		return nil, err
	}
	pool.userPoolID = p.userPoolID
	if pool.userPoolID == "" && p.endpointURL != "" {
		pool.userPoolID = localUserPoolID
	}
	return pool, nil
}

// errNoRegion is returned for a deployed pool when no region is configured.
var errNoRegion = errors.New("no AWS region configured")

// newPool returns a client for the app client clientID, from the standard
// AWS configuration overridden by a non-empty region and endpoint.
func newPool(ctx context.Context, region, endpoint, clientID string) (*pool, error) {
	// SignUp, InitiateAuth and RespondToAuthChallenge are unsigned in
	// Cognito: anonymous credentials let a machine without AWS credentials
	// (or with expired ones) sign in, and keep its credentials out of it.
	opts := []func(*config.LoadOptions) error{config.WithCredentialsProvider(aws.AnonymousCredentials{})}
	if region != "" {
		opts = append(opts, config.WithRegion(region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, err
	}
	if cfg.Region == "" && endpoint == "" && cfg.BaseEndpoint == nil {
		return nil, errNoRegion
	}
	if cfg.Region == "" {
		// The SDK wants a region even with an endpoint; local mode takes any.
		cfg.Region = localpool.DefaultRegion
	}
	client := cip.NewFromConfig(cfg, func(o *cip.Options) {
		if endpoint != "" {
			o.BaseEndpoint = aws.String(endpoint)
		}
	})
	return &pool{client: client, clientID: clientID}, nil
}
