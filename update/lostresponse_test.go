package update_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/update"
)

// faultyAccounts returns an accounts table whose requests go through a
// transport that disturbs them as plan says, and the same table through
// an undisturbed client.
func faultyAccounts(t *testing.T, plan dynamotest.FaultPlan) (faulty, plain *entity.Table[Account], faults *dynamotest.Faults) {
	t.Helper()
	client := dynamotest.Client(t)
	name := dynamotest.TableName(t, "accounts")
	dynamotest.DeleteTableOnCleanup(t, client, name)
	if _, err := schema.CreateTable(context.Background(), client, name, accountMeta); err != nil {
		t.Fatal(err)
	}
	fc, faults := dynamotest.FaultClient(t, plan)
	faulty, err := entity.NewTable[Account](fc, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	plain, err = entity.NewTable[Account](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	return faulty, plain, faults
}

// With a fifth of all responses lost after the request reached DynamoDB, 8
// writers × 50 locked increments end at exactly 400: no increment is
// applied twice (the retries of a write carry its token) and none is lost.
// Every WithLock call returns either success or an error after which the
// increment is done again; an unknown outcome fails the test.
func TestWithLockNeverAppliesTwiceWhenResponsesAreLost(t *testing.T) {
	ctx := context.Background()
	tbl, plain, faults := faultyAccounts(t, dynamotest.FaultPlan{Fault: dynamotest.LoseResponse, Rate: 0.2, Seed: 11})
	start := seed(t, plain, "hot")
	const writers, each = 8, 50
	var ok, unknown atomic.Int32
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for done := 0; done < each; {
				_, err := update.WithLock(ctx, tbl, key("hot"), 1000, func(a *Account) error {
					a.Orders++
					return nil
				})
				switch {
				case err == nil:
					ok.Add(1)
					done++
				case errors.Is(err, entity.ErrOutcomeUnknown):
					t.Errorf("unknown outcome: %v", err)
					unknown.Add(1)
					done++
				default:
					// Not applied (a read that failed, say): do it again.
					t.Logf("increment not applied: %v", err)
				}
			}
		}()
	}
	wg.Wait()
	got, err := plain.Get(key("hot")).ConsistentRead().Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st := faults.Stats()
	t.Logf("%d requests, %d responses lost; %d increments succeeded, %d with an unknown outcome",
		st.Requests, st.Injected[dynamotest.LoseResponse], ok.Load(), unknown.Load())
	if got.Orders != start.Orders+writers*each || got.Version != start.Version+writers*each {
		t.Fatalf("orders %d, version %d; want %d and %d", got.Orders, got.Version, start.Orders+writers*each, start.Version+writers*each)
	}
	if st.Injected[dynamotest.LoseResponse] < 100 {
		t.Fatalf("only %d responses lost", st.Injected[dynamotest.LoseResponse])
	}
}

func TestLockedUpdateWhoseResponseWasLost(t *testing.T) {
	ctx := context.Background()
	loseFirst := dynamotest.FaultPlan{Operations: []string{"UpdateItem"}, Script: []dynamotest.Fault{dynamotest.LoseResponse}}

	t.Run("sets are recognised", func(t *testing.T) {
		tbl, plain, _ := faultyAccounts(t, loseFirst)
		a := seed(t, plain, "a")
		res, err := update.New(tbl, key("a")).IfVersion(a.Version).
			Set(cond.Name("name"), "Bea").Remove(cond.Name("note")).Set(cond.Name("tags"), []string{"z", "y", "x"}).
			ReturnValues(types.ReturnValueAllNew).Run(ctx)
		if err != nil {
			t.Fatalf("update, its response lost: %v", err)
		}
		if !res.Recovered || res.Item == nil || res.Item.Name != "Bea" || res.Item.Version != a.Version+1 {
			t.Fatalf("result %+v", res)
		}
		got, _ := plain.Get(key("a")).ConsistentRead().Run(ctx)
		if got.Version != a.Version+1 || got.Name != "Bea" {
			t.Fatalf("stored %+v", got)
		}
	})

	t.Run("an increment is outcome unknown, applied once", func(t *testing.T) {
		tbl, plain, _ := faultyAccounts(t, loseFirst)
		a := seed(t, plain, "a")
		_, err := update.New(tbl, key("a")).IfVersion(a.Version).Increment(cond.Name("orders"), 5).Run(ctx)
		var unknown *entity.OutcomeUnknownError
		if !errors.Is(err, entity.ErrOutcomeUnknown) || errors.Is(err, entity.ErrConditionFailed) || !errors.As(err, &unknown) {
			t.Fatalf("increment, its response lost = %v, want ErrOutcomeUnknown", err)
		}
		if cur, ok := unknown.Current.(*Account); !ok || cur.Orders != a.Orders+5 {
			t.Fatalf("current item %#v", unknown.Current)
		}
		got, _ := plain.Get(key("a")).ConsistentRead().Run(ctx)
		if got.Orders != a.Orders+5 || got.Version != a.Version+1 {
			t.Fatalf("stored orders %d, version %d; want %d, %d", got.Orders, got.Version, a.Orders+5, a.Version+1)
		}
	})

	t.Run("someone else's version is outcome unknown", func(t *testing.T) {
		tbl, plain, _ := faultyAccounts(t, dynamotest.FaultPlan{})
		a := seed(t, plain, "a")
		if _, err := update.New(plain, key("a")).IfVersion(a.Version).Set(cond.Name("name"), "Bea").Run(ctx); err != nil {
			t.Fatal(err)
		}
		// No response lost: the same change made by another writer is
		// a conflict, not ours.
		_, err := update.New(tbl, key("a")).IfVersion(a.Version).Set(cond.Name("name"), "Bea").Run(ctx)
		if !errors.Is(err, entity.ErrConditionFailed) || errors.Is(err, entity.ErrOutcomeUnknown) {
			t.Fatalf("stale update = %v, want ErrConditionFailed", err)
		}
	})
}

// Without IfVersion an increment's condition holds again on the retry, so
// the SDK must not send it again once an attempt may have been applied.
func TestIncrementWhoseResponseWasLostIsNotAppliedTwice(t *testing.T) {
	ctx := context.Background()
	tbl, plain, faults := faultyAccounts(t, dynamotest.FaultPlan{Operations: []string{"UpdateItem"}, Script: []dynamotest.Fault{dynamotest.LoseResponse}})
	a := seed(t, plain, "a")
	_, err := update.New(tbl, key("a")).Increment(cond.Name("orders"), 1).Append(cond.Name("events"), []Event{{Kind: "x"}}).Run(ctx)
	if !errors.Is(err, entity.ErrOutcomeUnknown) {
		t.Fatalf("increment, its response lost = %v, want ErrOutcomeUnknown", err)
	}
	got, _ := plain.Get(key("a")).ConsistentRead().Run(ctx)
	if got.Orders != a.Orders+1 || len(got.Events) != len(a.Events)+1 {
		t.Fatalf("orders %d, %d events; want %d, %d", got.Orders, len(got.Events), a.Orders+1, len(a.Events)+1)
	}
	if st := faults.Stats(); st.Requests < 1 {
		t.Fatal("no request")
	}
	// A throttled attempt was not applied: the SDK retries it.
	tbl, plain, _ = faultyAccounts(t, dynamotest.FaultPlan{Operations: []string{"UpdateItem"}, Script: []dynamotest.Fault{dynamotest.Throttle}})
	a = seed(t, plain, "b")
	if _, err := update.New(tbl, key("b")).Increment(cond.Name("orders"), 1).Run(ctx); err != nil {
		t.Fatalf("increment after a throttled attempt: %v", err)
	}
	if got, _ := plain.Get(key("b")).ConsistentRead().Run(ctx); got.Orders != a.Orders+1 {
		t.Fatalf("orders %d, want %d", got.Orders, a.Orders+1)
	}
	// A Set is the same however often it is applied: the SDK retries it.
	tbl, plain, _ = faultyAccounts(t, dynamotest.FaultPlan{Operations: []string{"UpdateItem"}, Script: []dynamotest.Fault{dynamotest.LoseResponse}})
	seed(t, plain, "c")
	if _, err := update.New(tbl, key("c")).Set(cond.Name("name"), "Cleo").Run(ctx); err != nil {
		t.Fatalf("set, its response lost: %v", err)
	}
}

// A Set whose own write falsifies the caller's condition is recognised.
func TestUpdateWithAConditionItsOwnWriteFalsifies(t *testing.T) {
	ctx := context.Background()
	tbl, plain, _ := faultyAccounts(t, dynamotest.FaultPlan{Operations: []string{"UpdateItem"}, Script: []dynamotest.Fault{dynamotest.LoseResponse}})
	seed(t, plain, "a")
	res, err := update.New(tbl, key("a")).Set(cond.Name("name"), "Bea").If(cond.Name("name").Eq("Ana")).Run(ctx)
	if err != nil || !res.Recovered {
		t.Fatalf("conditional set, its response lost: %+v, %v", res, err)
	}
}

// When every attempt of the SDK loses its response, WithLock sends the
// write again with the same token: DynamoDB answers with the first
// outcome, and the change is applied once.
func TestWithLockResendsWithItsToken(t *testing.T) {
	ctx := context.Background()
	lost := make([]dynamotest.Fault, 8) // the SDK's 8 attempts
	for i := range lost {
		lost[i] = dynamotest.LoseResponse
	}
	tbl, plain, faults := faultyAccounts(t, dynamotest.FaultPlan{Operations: []string{"TransactWriteItems"}, Script: lost})
	a := seed(t, plain, "a")
	res, err := update.WithLock(ctx, tbl, key("a"), 3, func(a *Account) error { a.Orders += 10; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Item; got.Version != a.Version+1 {
		t.Fatalf("returned version %d, want %d", got.Version, a.Version+1)
	}
	stored, _ := plain.Get(key("a")).ConsistentRead().Run(ctx)
	if stored.Orders != a.Orders+10 || stored.Version != a.Version+1 {
		t.Fatalf("stored orders %d, version %d; want %d, %d", stored.Orders, stored.Version, a.Orders+10, a.Version+1)
	}
	if st := faults.Stats(); st.Injected[dynamotest.LoseResponse] != 8 {
		t.Fatalf("lost %d responses, want 8", st.Injected[dynamotest.LoseResponse])
	}
}
