package dynamolimits_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/cognito-passwordless/passwordless-go/internal/dynamolimits"
	"github.com/cognito-passwordless/passwordless-go/internal/motoserver"
)

// moto is the moto_server every test shares; each test has its own table.
var moto *motoserver.Server

// callTimeout bounds every call a test makes to moto.
const callTimeout = 20 * time.Second

func TestMain(m *testing.M) {
	os.Exit(motoserver.RunTests(m, &moto))
}

func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	t.Cleanup(cancel)
	return ctx
}

var tables atomic.Int32

// fixture is a fresh table on moto, a Store on it made by NewFromConfig from the
// environment TestMain set, and a client for looking at the items.
type fixture struct {
	store  *dynamolimits.Store
	client *dynamodb.Client
	table  string
}

func newFixture(t testing.TB) fixture {
	t.Helper()
	ctx := testContext(t)
	f := fixture{table: fmt.Sprintf("limits-%d", tables.Add(1))}
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.store = dynamolimits.NewFromConfig(cfg, f.table)
	f.client = dynamodb.NewFromConfig(cfg)
	if err := dynamolimits.CreateTable(ctx, f.client, f.table); err != nil {
		t.Fatal(err)
	}
	return f
}

// item reads a counter's item, nil if absent.
func (f fixture) item(t testing.TB, key string) map[string]types.AttributeValue {
	t.Helper()
	out, err := f.client.GetItem(testContext(t), &dynamodb.GetItemInput{
		TableName:      aws.String(f.table),
		Key:            map[string]types.AttributeValue{dynamolimits.AttrKey: &types.AttributeValueMemberS{Value: key}},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.Item
}

// numberAttr reads a number attribute of an item, -1 if absent.
func numberAttr(t testing.TB, item map[string]types.AttributeValue, name string) int64 {
	t.Helper()
	v, ok := item[name].(*types.AttributeValueMemberN)
	if !ok {
		return -1
	}
	n, err := strconv.ParseInt(v.Value, 10, 64)
	if err != nil {
		t.Fatalf("%s = %q: %v", name, v.Value, err)
	}
	return n
}
