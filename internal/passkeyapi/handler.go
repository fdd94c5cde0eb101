package passkeyapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/awserr"
	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
)

// The routes of the API, as API Gateway names them in RouteKey.
const (
	RouteStartRegistration  = "POST /passkeys/registration"
	RouteFinishRegistration = "POST /passkeys"
	RouteList               = "GET /passkeys"
	RouteRename             = "PATCH /passkeys/{id}"
	RouteDelete             = "DELETE /passkeys/{id}"
)

// Routes lists every route of the API, for the template to declare.
var Routes = []string{RouteStartRegistration, RouteFinishRegistration, RouteList, RouteRename, RouteDelete}

// Handler is the passkeys API. Each field is required but Random.
type Handler struct {
	// Store keeps the passkeys and the registrations under way.
	Store passkey.Store
	// Tokens asks the user pool whether the caller's access token still
	// holds, before any change (nil refuses every change, 503).
	Tokens TokenChecker
	// Options are the relying party's, validated (startup.PasskeyOptions).
	Options passkey.Options
	// FreshSignIn is how long after signing in a user may register a passkey.
	FreshSignIn time.Duration
	// MaxPerUser is how many passkeys one user may have.
	MaxPerUser int
	// Random is where challenges come from; nil is crypto/rand.Reader.
	Random io.Reader
	// Now is the clock.
	Now func() time.Time
	// Log gets a line per request.
	Log *slog.Logger
}

// New returns the API for cfg, with opts made from it, keeping passkeys
// in store, checking tokens with tokens, using crypto/rand and the wall
// clock.
func New(cfg config.Passkeys, opts passkey.Options, store passkey.Store, tokens TokenChecker, log *slog.Logger) Handler {
	return Handler{Store: store, Tokens: tokens, Options: opts, FreshSignIn: cfg.FreshSignIn, MaxPerUser: cfg.MaxPerUser, Now: time.Now, Log: log}
}

// Handle answers one request. It never returns an error: API Gateway would
// turn it into a bare 500, and every failure has its own JSON answer.
func (h Handler) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	r := h.serve(ctx, req)
	h.log(ctx, req.RouteKey, r)
	return r.response(), nil
}

// serve checks the caller, then runs the route.
func (h Handler) serve(ctx context.Context, req events.APIGatewayV2HTTPRequest) result {
	c, reason := callerOf(req)
	if reason != "" {
		return refuse(http.StatusUnauthorized, codeUnauthorized, "Sign in, and send the access token.", reason)
	}
	r := h.route(ctx, c, req)
	// The sub is opaque, and says whose passkeys changed.
	r.attrs = append(r.attrs, "sub", c.sub)
	return r
}

// route runs the route of req for c.
func (h Handler) route(ctx context.Context, c caller, req events.APIGatewayV2HTTPRequest) result {
	now := h.Now()
	switch req.RouteKey {
	case RouteStartRegistration:
		return h.startRegistration(ctx, c, req, now)
	case RouteFinishRegistration:
		return h.finishRegistration(ctx, c, req, now)
	case RouteList:
		return h.list(ctx, c)
	case RouteRename:
		return h.rename(ctx, c, req)
	case RouteDelete:
		return h.delete(ctx, c, req)
	}
	return refuse(http.StatusNotFound, codeNotFound, "There is no such route.", "unknown route")
}

// log writes the request's line: the route (only a known one: the route
// key is API Gateway's, but it is still not echoed), the status, the
// outcome and why, and the store's failure by its kind alone.
func (h Handler) log(ctx context.Context, routeKey string, r result) {
	route := "unknown"
	if slices.Contains(Routes, routeKey) {
		route = routeKey
	}
	attrs := append([]any{"route", route, "status", r.status, "outcome", r.outcome(), "reason", r.reason}, r.attrs...)
	switch {
	case r.storeErr != nil:
		h.Log.ErrorContext(ctx, "passkeys request failed", append(attrs, "error", awserr.Reason(r.storeErr))...)
	case r.status >= 400:
		h.Log.WarnContext(ctx, "passkeys request refused", attrs...)
	default:
		h.Log.InfoContext(ctx, "passkeys request", attrs...)
	}
}
