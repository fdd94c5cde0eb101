package dynamolimits_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cognito-passwordless/passwordless-go/internal/dynamolimits"
	"github.com/cognito-passwordless/passwordless-go/internal/limits"
	"github.com/cognito-passwordless/passwordless-go/internal/limits/storetest"
	"github.com/cognito-passwordless/passwordless-go/internal/testnet"
)

// TestAdd holds the store to the contract of every limits.Store, and
// checks the item's count after each step.
func TestAdd(t *testing.T) {
	f := newFixture(t)
	storetest.Run(t, f.store, "k", func(step, count int) {
		if n := numberAttr(t, f.item(t, "k"), dynamolimits.AttrCount); step > 1 && n != int64(count) {
			t.Fatalf("step %d: count %d, want %d", step, n, count)
		}
	})
}

// TestAddLikeMemoryStore runs one random sequence of adds on DynamoDB and
// on limits.MemoryStore: every answer must be the same.
func TestAddLikeMemoryStore(t *testing.T) {
	f := newFixture(t)
	ctx := testContext(t)
	memory := limits.NewMemoryStore(nil)
	random := rand.New(rand.NewPCG(1, 2))
	expires := time.Now().Add(time.Hour)
	for i := range 300 {
		key := fmt.Sprintf("k%d", random.IntN(3))
		delta, limit := random.IntN(7)-3, random.IntN(6)
		want, _ := memory.Add(ctx, key, delta, limit, expires)
		got, err := f.store.Add(ctx, key, delta, limit, expires)
		if err != nil || got != want {
			t.Fatalf("op %d: Add(%s, %d, limit %d) = %v, %v; MemoryStore says %v", i, key, delta, limit, got, err, want)
		}
	}
}

// TestItem: the item holds the count and, from its creation on, the
// expiry as epoch seconds.
func TestItem(t *testing.T) {
	f := newFixture(t)
	ctx := testContext(t)
	first := time.Unix(1_900_000_900, 0)
	for _, expires := range []time.Time{first, first.Add(time.Hour)} {
		if ok, err := f.store.Add(ctx, "n#abc#900#1900000000", 1, 3, expires); !ok || err != nil {
			t.Fatalf("Add: %v, %v", ok, err)
		}
	}
	item := f.item(t, "n#abc#900#1900000000")
	if n := numberAttr(t, item, dynamolimits.AttrCount); n != 2 {
		t.Errorf("count %d, want 2", n)
	}
	if e := numberAttr(t, item, dynamolimits.AttrExpires); e != first.Unix() {
		t.Errorf("expires %d, want %d (set once, at creation)", e, first.Unix())
	}
	if len(item) != 3 {
		t.Errorf("item has %d attributes, want 3: %v", len(item), item)
	}
	// A refused add creates nothing.
	if ok, err := f.store.Add(ctx, "absent", -1, 3, first); ok || err != nil {
		t.Fatalf("refund of an absent counter: %v, %v", ok, err)
	}
	if item := f.item(t, "absent"); item != nil {
		t.Errorf("a refused add created %v", item)
	}
}

// TestConcurrentAdds: 50 goroutines add to one counter of limit 10 at once;
// exactly 10 get through.
func TestConcurrentAdds(t *testing.T) {
	f := newFixture(t)
	ctx := testContext(t)
	const goroutines, limit = 50, 10
	var allowed, failed atomic.Int32
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			ok, err := f.store.Add(ctx, "k", 1, limit, time.Now().Add(time.Hour))
			switch {
			case err != nil:
				failed.Add(1)
				t.Error(err)
			case ok:
				allowed.Add(1)
			}
		})
	}
	wg.Wait()
	if allowed.Load() != limit || failed.Load() != 0 {
		t.Errorf("%d adds allowed and %d failed, want %d and 0", allowed.Load(), failed.Load(), limit)
	}
	if n := numberAttr(t, f.item(t, "k"), dynamolimits.AttrCount); n != limit {
		t.Errorf("count %d, want %d", n, limit)
	}
}

// TestMissingTable: a table that does not exist is an error, not a refusal.
func TestMissingTable(t *testing.T) {
	store := dynamolimits.NewFromConfig(awsConfig(t), "no-such-table")
	ok, err := store.Add(testContext(t), "k", 1, 1, time.Now())
	var dynErr *dynamolimits.Error
	if ok || !errors.As(err, &dynErr) || dynErr.Reason() != "ResourceNotFoundException" {
		t.Fatalf("got %v, %v; want an error of reason ResourceNotFoundException", ok, err)
	}
}

// storeAt returns a Store made by NewFromConfig with DynamoDB at endpoint.
func storeAt(t *testing.T, endpoint string) *dynamolimits.Store {
	t.Setenv("AWS_ENDPOINT_URL_DYNAMODB", endpoint)
	return dynamolimits.NewFromConfig(awsConfig(t), "limits")
}

// awsConfig is the AWS configuration of the standard environment, as a
// trigger process loads it once.
func awsConfig(t testing.TB) aws.Config {
	t.Helper()
	cfg, err := awsconfig.LoadDefaultConfig(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestUnreachable: with nothing listening, Add fails at once, retries
// included, and allows nothing.
func TestUnreachable(t *testing.T) {
	store := storeAt(t, "http://"+testnet.Refused(t))
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	began := time.Now()
	ok, err := store.Add(ctx, "k", 1, 10, time.Now().Add(time.Hour))
	elapsed := time.Since(began)
	var dynErr *dynamolimits.Error
	if ok || !errors.As(err, &dynErr) || dynErr.Reason() != "transport" {
		t.Fatalf("got %v, %v; want not allowed, an error of reason transport", ok, err)
	}
	if elapsed > time.Second {
		t.Errorf("took %v, want well under the 4s deadline: 3 tries at most 100ms apart", elapsed)
	}
	t.Logf("refused in %v: %v", elapsed.Round(time.Millisecond), err)
}

// TestHanging: an endpoint that never answers fails the call when the
// caller's deadline passes, not later.
func TestHanging(t *testing.T) {
	store := storeAt(t, "http://"+testnet.Silent(t))
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	began := time.Now()
	ok, err := store.Add(ctx, "k", 1, 10, time.Now().Add(time.Hour))
	elapsed := time.Since(began)
	var dynErr *dynamolimits.Error
	if ok || !errors.As(err, &dynErr) || dynErr.Reason() != "timeout" {
		t.Fatalf("got %v, %v; want not allowed, an error of reason timeout", ok, err)
	}
	if elapsed < 900*time.Millisecond || elapsed > 1500*time.Millisecond {
		t.Errorf("took %v, want about the 1s deadline", elapsed)
	}
}

// TestCreateTable: the table has the key and TTL the Store expects, and
// creating it again changes nothing.
func TestCreateTable(t *testing.T) {
	f := newFixture(t)
	ctx := testContext(t)
	if err := dynamolimits.CreateTable(ctx, f.client, f.table); err != nil {
		t.Fatalf("second CreateTable: %v", err)
	}
	table, err := f.client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(f.table)})
	if err != nil {
		t.Fatal(err)
	}
	keys := table.Table.KeySchema
	if len(keys) != 1 || aws.ToString(keys[0].AttributeName) != dynamolimits.AttrKey || keys[0].KeyType != "HASH" {
		t.Errorf("key schema %+v, want %s as the only key", keys, dynamolimits.AttrKey)
	}
	ttl, err := f.client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(f.table)})
	if err != nil {
		t.Fatal(err)
	}
	if d := ttl.TimeToLiveDescription; aws.ToString(d.AttributeName) != dynamolimits.AttrExpires || d.TimeToLiveStatus != "ENABLED" {
		t.Errorf("TTL %s on %q, want ENABLED on %s", d.TimeToLiveStatus, aws.ToString(d.AttributeName), dynamolimits.AttrExpires)
	}
}
