package passkeydb

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/cognito-passwordless/passwordless-go/internal/awserr"
	"github.com/cognito-passwordless/passwordless-go/internal/dynamoclient"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
)

// Store is a passkey.Store on one DynamoDB table. It is safe for
// concurrent use.
type Store struct {
	client *dynamodb.Client
	table  string
	// pageSize, if not 0, limits each Query page, so that tests page
	// through a few items as DynamoDB does through a megabyte.
	pageSize int32
}

var _ passkey.Store = (*Store)(nil)

// New returns a Store on table through client.
func New(client *dynamodb.Client, table string) *Store {
	return &Store{client: client, table: table}
}

// NewFromConfig returns a Store on table with a client on cfg (the
// standard environment: AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB,
// credentials, ...) with dynamoclient's retries. It does no network I/O.
func NewFromConfig(cfg aws.Config, table string) *Store {
	return New(dynamoclient.New(cfg), table)
}

// Credentials implements passkey.Store with a consistent Query, page after
// page.
func (s *Store) Credentials(ctx context.Context, owner string) ([]passkey.Credential, error) {
	var list []passkey.Credential
	var start map[string]types.AttributeValue
	for {
		in := QueryInput(s.table, owner, start)
		if s.pageSize > 0 {
			in.Limit = aws.Int32(s.pageSize)
		}
		out, err := s.client.Query(ctx, in)
		if err != nil {
			return nil, &Error{Method: "Credentials", Action: "Query", cause: err}
		}
		for _, item := range out.Items {
			c, err := DecodeCredential(item)
			if err != nil {
				return nil, fmt.Errorf("passkeydb: Credentials: %w", err)
			}
			list = append(list, c)
		}
		if len(out.LastEvaluatedKey) == 0 {
			break
		}
		start = out.LastEvaluatedKey
	}
	passkey.SortCredentials(list)
	return list, nil
}

// SignedIn implements passkey.Store with one conditional UpdateItem.
func (s *Store) SignedIn(ctx context.Context, owner string, c passkey.Credential, previousCount uint32) error {
	if len(c.ID) > MaxIDLength {
		return passkey.ErrNotFound // no such passkey can be stored
	}
	_, err := s.client.UpdateItem(ctx, SignedInInput(s.table, owner, c, previousCount))
	var failed *types.ConditionalCheckFailedException
	switch {
	case err == nil:
		return nil
	case errors.As(err, &failed) && len(failed.Item) > 0:
		return passkey.ErrCounterChanged
	case errors.As(err, &failed):
		return passkey.ErrNotFound
	default:
		return &Error{Method: "SignedIn", Action: "UpdateItem", cause: err}
	}
}

// AddCredential implements passkey.Store with one conditional PutItem. It
// refuses a credential id longer than MaxIDLength.
func (s *Store) AddCredential(ctx context.Context, owner string, c passkey.Credential) error {
	if len(c.ID) > MaxIDLength {
		return fmt.Errorf("passkeydb: AddCredential: the credential id has %d bytes, more than the %d the table holds", len(c.ID), MaxIDLength)
	}
	_, err := s.client.PutItem(ctx, AddCredentialInput(s.table, owner, c))
	return conditional(err, "AddCredential", "PutItem", passkey.ErrExists)
}

// RenameCredential implements passkey.Store with one conditional
// UpdateItem; an empty name removes the name.
func (s *Store) RenameCredential(ctx context.Context, owner string, id []byte, name string) error {
	if len(id) > MaxIDLength {
		return passkey.ErrNotFound
	}
	_, err := s.client.UpdateItem(ctx, RenameCredentialInput(s.table, owner, id, name))
	return conditional(err, "RenameCredential", "UpdateItem", passkey.ErrNotFound)
}

// DeleteCredential implements passkey.Store with one conditional
// DeleteItem.
func (s *Store) DeleteCredential(ctx context.Context, owner string, id []byte) error {
	if len(id) > MaxIDLength {
		return passkey.ErrNotFound
	}
	_, err := s.client.DeleteItem(ctx, DeleteCredentialInput(s.table, owner, id))
	return conditional(err, "DeleteCredential", "DeleteItem", passkey.ErrNotFound)
}

// StartRegistration implements passkey.Store with one PutItem. The
// challenge is kept as c.String(), so its expiry in whole seconds, as
// package passkey makes it.
func (s *Store) StartRegistration(ctx context.Context, owner string, c passkey.Challenge) error {
	if _, err := s.client.PutItem(ctx, StartRegistrationInput(s.table, owner, c)); err != nil {
		return &Error{Method: "StartRegistration", Action: "PutItem", cause: err}
	}
	return nil
}

// TakeRegistration implements passkey.Store with one DeleteItem that
// returns what it deleted.
func (s *Store) TakeRegistration(ctx context.Context, owner string) (passkey.Challenge, error) {
	out, err := s.client.DeleteItem(ctx, TakeRegistrationInput(s.table, owner))
	switch {
	case err != nil:
		return passkey.Challenge{}, &Error{Method: "TakeRegistration", Action: "DeleteItem", cause: err}
	case len(out.Attributes) == 0:
		return passkey.Challenge{}, passkey.ErrNotFound
	}
	c, err := decodeRegistration(out.Attributes)
	if err != nil {
		return passkey.Challenge{}, fmt.Errorf("passkeydb: TakeRegistration: %w", err)
	}
	return c, nil
}

// conditional maps the failed condition of a call to failed, and any
// other failure to an *Error.
func conditional(err error, method, action string, failed error) error {
	var conditionFailed *types.ConditionalCheckFailedException
	switch {
	case err == nil:
		return nil
	case errors.As(err, &conditionFailed):
		return failed
	default:
		return &Error{Method: method, Action: action, cause: err}
	}
}

// Error is a failed DynamoDB call, other than by its condition. Its
// message names the method, the call and the DynamoDB error code, and
// quotes nothing sent or stored; Unwrap gives the SDK's error.
type Error struct {
	// Method is the Store method, such as "SignedIn".
	Method string
	// Action is the DynamoDB call, such as "UpdateItem".
	Action string
	cause  error
}

func (e *Error) Error() string {
	return "passkeydb: " + e.Method + ": DynamoDB " + e.Action + " failed: " + e.Reason()
}

func (e *Error) Unwrap() error { return e.cause }

// Reason names the kind of failure, for logs and metrics: a DynamoDB error
// code (such as ProvisionedThroughputExceededException or
// ResourceNotFoundException), "timeout" or "transport".
func (e *Error) Reason() string { return awserr.Reason(e.cause) }
