package limitstable

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/dynamolimits"
)

// serveLimits answers UpdateItem as dynamolimits.Store.Add sends it: the
// request holds the counter's key, the delta, the largest count before the
// add (:max) and the expiry, from which limits.MemoryStore.Add does the
// same conditional add.
func (t *Table) serveLimits(w http.ResponseWriter, r *http.Request, in request) {
	add, err := parseAdd(in)
	if err != nil {
		writeError(w, errValidation, err.Error())
		return
	}
	ok, err := t.limits.Add(r.Context(), add.key, add.delta, add.limit, add.expires)
	switch {
	case err != nil:
		writeError(w, errValidation, err.Error())
	case !ok:
		writeError(w, errConditional, conditionFailed)
	default:
		writeJSON(w, http.StatusOK, []byte("{}"))
	}
}

// add is one limits.Store.Add call.
type add struct {
	key          string
	delta, limit int
	expires      time.Time
}

// parseAdd reads the Add call back from an UpdateItem that
// dynamolimits.UpdateInput made, and refuses anything else.
func parseAdd(in request) (add, error) {
	delta, errDelta := strconv.Atoi(in.ExpressionAttributeValues[":delta"].num())
	max, errMax := strconv.Atoi(in.ExpressionAttributeValues[":max"].num())
	expires, errExpires := strconv.ParseInt(in.ExpressionAttributeValues[":expires"].num(), 10, 64)
	a := add{key: in.Key[dynamolimits.AttrKey].str(), delta: delta, limit: max + delta, expires: time.Unix(expires, 0)}
	want := dynamolimits.UpdateInput(in.TableName, a.key, a.delta, a.limit, a.expires)
	switch {
	case a.key == "" || errDelta != nil || errMax != nil || errExpires != nil:
		return a, fmt.Errorf("UpdateItem lacks the key or a value of the limits table's conditional add")
	case in.UpdateExpression != *want.UpdateExpression || in.ConditionExpression != *want.ConditionExpression:
		return a, fmt.Errorf("the limits table stand-in serves only dynamolimits' conditional add")
	}
	return a, nil
}
