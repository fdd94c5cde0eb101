package passkeyapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
)

// MaxCredentialIDLength is the longest credential id the API registers,
// in bytes: WebAuthn allows 1023, but real passkeys use 16 to a few
// hundred, and a store may hold fewer (passkeydb holds 762), so that a
// longer one would fail in the store, as if the store were down.
const MaxCredentialIDLength = 512

// ListResponse is the answer of RouteList.
type ListResponse struct {
	Passkeys []Summary `json:"passkeys"`
}

// renameRequest is the body of RouteRename.
type renameRequest struct {
	Name *string `json:"name"`
}

// list answers c's passkeys, oldest first.
func (h Handler) list(ctx context.Context, c caller) result {
	credentials, err := h.Store.Credentials(ctx, c.sub)
	if err != nil {
		return unavailable(err, "reading passkeys")
	}
	out := ListResponse{Passkeys: make([]Summary, 0, len(credentials))}
	for _, credential := range credentials {
		out.Passkeys = append(out.Passkeys, summarize(credential))
	}
	return answer(http.StatusOK, out, "listed", "passkeys", len(out.Passkeys))
}

// rename sets the name of c's passkey {id}, and answers its summary.
func (h Handler) rename(ctx context.Context, c caller, req events.APIGatewayV2HTTPRequest) result {
	id, ok := credentialID(req)
	if !ok {
		return notFound("id not a credential id")
	}
	var body renameRequest
	if r := decodeBody(req, &body, false); r != nil {
		return *r
	}
	if body.Name == nil {
		return *badRequest("name is required.", "no name")
	}
	name, ok := checkName(*body.Name)
	if !ok {
		return *badName("name", "bad name")
	}
	if r := h.confirm(ctx, c, req); r != nil {
		return *r
	}
	// The store looks the id up among c's passkeys only: another user's
	// id is not found.
	switch err := h.Store.RenameCredential(ctx, c.sub, id, name); {
	case errors.Is(err, passkey.ErrNotFound):
		return notFound("no such passkey")
	case err != nil:
		return unavailable(err, "renaming the passkey")
	}
	credentials, err := h.Store.Credentials(ctx, c.sub)
	if err != nil {
		return unavailable(err, "reading passkeys")
	}
	for _, credential := range credentials {
		if bytes.Equal(credential.ID, id) {
			return answer(http.StatusOK, summarize(credential), "renamed", "passkey", req.PathParameters["id"])
		}
	}
	return notFound("passkey deleted while renamed")
}

// delete removes c's passkey {id}.
func (h Handler) delete(ctx context.Context, c caller, req events.APIGatewayV2HTTPRequest) result {
	id, ok := credentialID(req)
	if !ok {
		return notFound("id not a credential id")
	}
	if r := h.confirm(ctx, c, req); r != nil {
		return *r
	}
	switch err := h.Store.DeleteCredential(ctx, c.sub, id); {
	case errors.Is(err, passkey.ErrNotFound):
		return notFound("no such passkey")
	case err != nil:
		return unavailable(err, "deleting the passkey")
	}
	return answer(http.StatusNoContent, nil, "deleted", "passkey", req.PathParameters["id"])
}

// credentialID reads the path parameter id: a credential id in base64url
// without padding, as the summaries give it, in that spelling only (the
// decoder would skip line breaks), so that the log can name it.
func credentialID(req events.APIGatewayV2HTTPRequest) ([]byte, bool) {
	encoded := req.PathParameters["id"]
	id, err := base64.RawURLEncoding.Strict().DecodeString(encoded)
	if err != nil || len(id) == 0 || len(id) > MaxCredentialIDLength || base64.RawURLEncoding.EncodeToString(id) != encoded {
		return nil, false
	}
	return id, true
}

// notFound refuses an id that is not one of the caller's passkeys.
func notFound(reason string) result {
	return refuse(http.StatusNotFound, codeNotFound, "There is no such passkey.", reason)
}
