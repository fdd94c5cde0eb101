package passkeydb_test

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cognito-passwordless/passwordless-go/internal/motoserver"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeydb"
)

// moto is the moto_server every test shares; each test has its own table.
var moto *motoserver.Server

// callTimeout bounds the calls of each test to moto.
const callTimeout = 30 * time.Second

func TestMain(m *testing.M) {
	os.Exit(motoserver.RunTests(m, &moto))
}

func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	t.Cleanup(cancel)
	return ctx
}

var tables atomic.Int32

// newTable creates a fresh table on moto, and returns its name and a
// client on moto.
func newTable(t testing.TB) (string, *dynamodb.Client) {
	t.Helper()
	table := fmt.Sprintf("passkeys-%d", tables.Add(1))
	client := dynamodb.NewFromConfig(moto.Config())
	if err := passkeydb.CreateTable(testContext(t), client, table); err != nil {
		t.Fatal(err)
	}
	return table, client
}
