package passkeyapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/cognitotoken"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey/passkeytest"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyapi"
)

func Example() {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	alice := cognitotoken.Owner{Username: "alice@example.com", Sub: "4f1c2b9e-7d3a-4c55-9a0e-1b2c3d4e5f60"}
	api := passkeyapi.Handler{
		Store: passkey.NewMemoryStore(), // passkeydb's table in Lambda
		// The user pool, asked whether the token still holds before any
		// change: cognitotoken.NewFromConfig in Lambda.
		Tokens: passkeyapi.TokenCheckFunc(func(_ context.Context, token string) (cognitotoken.Owner, error) {
			if token != "eyJraWQiOi..." {
				return cognitotoken.Owner{}, cognitotoken.ErrRefused
			}
			return alice, nil
		}),
		Options:     passkey.Options{RPID: "example.com", Origins: []string{"https://example.com"}},
		FreshSignIn: 5 * time.Minute,
		MaxPerUser:  10,
		Now:         func() time.Time { return now },
		Log:         slog.New(slog.DiscardHandler),
	}
	// What API Gateway's JWT authorizer passes on of the user's access
	// token, and the token itself.
	var req events.APIGatewayV2HTTPRequest
	req.Headers = map[string]string{"authorization": "Bearer eyJraWQiOi..."}
	req.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
		JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: map[string]string{
			"token_use": "access", "sub": "4f1c2b9e-7d3a-4c55-9a0e-1b2c3d4e5f60",
			"username": "alice@example.com", "auth_time": "1777636740",
		}},
	}
	call := func(route, body string) events.APIGatewayV2HTTPResponse {
		req.RouteKey, req.Body = route, body
		resp, _ := api.Handle(context.Background(), req)
		return resp
	}

	// The page starts, and passes the options to
	// PublicKeyCredential.parseCreationOptionsFromJSON, then
	// navigator.credentials.create; here the tests' software passkey answers.
	resp := call("POST /passkeys/registration", `{"userName":"alice@example.com"}`)
	var started struct{ Options json.RawMessage }
	_ = json.Unmarshal([]byte(resp.Body), &started)
	browser := passkeytest.New(16)
	browser.ID = []byte("credential-id-01")
	credential := browser.Register(started.Options)

	resp = call("POST /passkeys", `{"credential":`+string(credential)+`,"name":"laptop"}`)
	fmt.Println(resp.StatusCode, resp.Body)
	resp = call("POST /passkeys", `{"credential":`+string(credential)+`,"name":"laptop"}`)
	fmt.Println(resp.StatusCode, resp.Body)
	resp = call("GET /passkeys", "")
	fmt.Println(resp.StatusCode, resp.Body)
	// Output:
	// 201 {"id":"Y3JlZGVudGlhbC1pZC0wMQ","name":"laptop","createdAt":"2026-05-01T12:00:00Z","aaguid":"ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4","backupEligible":false,"backedUp":false,"transports":["hybrid","internal"]}
	// 400 {"error":"no_registration","message":"No passkey registration is under way, or it took too long. Start again."}
	// 200 {"passkeys":[{"id":"Y3JlZGVudGlhbC1pZC0wMQ","name":"laptop","createdAt":"2026-05-01T12:00:00Z","aaguid":"ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4","backupEligible":false,"backedUp":false,"transports":["hybrid","internal"]}]}
}
