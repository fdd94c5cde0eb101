package trigger

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/limits"
)

// Errors of the abuse limits. Cognito shows them to the client, so they
// name no number, no user and no count.
var (
	// ErrCountryNotAllowed refuses a phone number outside
	// ALLOWED_COUNTRY_CODES, at sign-up and at sign-in.
	ErrCountryNotAllowed = errors.New("phone numbers of this country are not accepted")
	// ErrEmailDomainNotAllowed refuses an email address outside
	// ALLOWED_EMAIL_DOMAINS, at sign-up and at sign-in.
	ErrEmailDomainNotAllowed = errors.New("email addresses of this domain are not accepted")
	// ErrTooManyCodes refuses a code to a number that has had its share.
	ErrTooManyCodes = errors.New("too many sign-in codes requested, try again later")
	// ErrTooManyAttempts refuses a user name locked out by wrong answers.
	ErrTooManyAttempts = errors.New("too many attempts, try again later")
	// ErrUnavailable is a refusal because the limits could not be checked:
	// they fail closed.
	ErrUnavailable = errors.New("sign-in is unavailable right now, try again later")
)

// LimitsTimeout bounds the limit checks of one invocation, retries
// included, so that create (with SNS's sms.Timeout after it) and verify
// answer well inside Cognito's 5 seconds even when the store hangs.
const LimitsTimeout = time.Second

// Metric is the CloudWatch embedded-metric-format metric of refusals: one
// count per refused code or sign-in, by user pool and kind of limit.
const (
	MetricNamespace = "Passwordless"
	MetricRefused   = "SignInRefused"
)

// refusal is the client's error for a decision, and what the log says.
func refusal(d limits.Decision) error {
	switch d.RefusedBy {
	case limits.KindLockout:
		return ErrTooManyAttempts
	case limits.KindNumber, limits.KindAddress:
		return ErrTooManyCodes
	default: // the country's or a pool's budget: not this user's doing
		return ErrUnavailable
	}
}

// logRefusal writes the log line of a refusal, which is also an
// embedded-metric-format record: CloudWatch counts it as MetricRefused with
// the dimensions UserPoolId and Limit, which the template alarms on. It
// names no number and no user.
func logRefusal(ctx context.Context, log *slog.Logger, userPoolID string, kind limits.Kind, msg string, attrs ...any) {
	emf := slog.Group("_aws",
		slog.Int64("Timestamp", time.Now().UnixMilli()),
		slog.Any("CloudWatchMetrics", []map[string]any{{
			"Namespace":  MetricNamespace,
			"Dimensions": [][]string{{"UserPoolId", "Limit"}},
			"Metrics":    []map[string]string{{"Name": MetricRefused, "Unit": "Count"}},
		}}),
	)
	attrs = append(attrs, emf, "UserPoolId", userPoolID, "Limit", string(kind), MetricRefused, 1)
	log.WarnContext(ctx, msg, attrs...)
}
