package entity_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
)

// Doc has a lock version, a number and a string set (which DynamoDB may
// return in another order than it was sent).
type Doc struct {
	entity.Model `ddb:"table=docs,type=Doc"`
	ID           string   `dynamodbav:"id" ddb:"pk"`
	Status       string   `dynamodbav:"status"`
	Score        float64  `dynamodbav:"score"`
	Tags         []string `dynamodbav:"tags,stringset,omitempty"`
	Ver          int64    `dynamodbav:"ver" ddb:"lock"`
}

// Note has no lock version.
type Note struct {
	entity.Model `ddb:"table=notes"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Status       string `dynamodbav:"status"`
}

// lostTables returns a Doc and a Note table in one DynamoDB table, both
// sending through a client whose transport disturbs requests as plan
// says, and the undisturbed client.
func lostTables(t *testing.T, plan dynamotest.FaultPlan) (*entity.Table[Doc], *entity.Table[Note], *dynamotest.Faults, *dynamodb.Client) {
	t.Helper()
	plain := dynamotest.Client(t)
	name := simpleTable(t, plain, "id")
	faulty, faults := dynamotest.FaultClient(t, plan)
	docs, err := entity.NewTable[Doc](faulty, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	notes, err := entity.NewTable[Note](faulty, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	return docs, notes, faults, plain
}

// loseFirst loses the response to the first request of operation op: it is
// applied, and the SDK sends it again.
func loseFirst(op string) dynamotest.FaultPlan {
	return dynamotest.FaultPlan{Operations: []string{op}, Script: []dynamotest.Fault{dynamotest.LoseResponse}}
}

func newDoc(id string) *Doc {
	return &Doc{ID: id, Status: "open", Score: 0.1, Tags: []string{"c", "a", "b", "d", "e"}}
}

func storedVersion(t *testing.T, docs *entity.Table[Doc], id string) *Doc {
	t.Helper()
	got, err := docs.Get(entity.NewKey(id)).ConsistentRead().Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestLockedPutWhoseResponseWasLostSucceeds(t *testing.T) {
	ctx := context.Background()
	plan := dynamotest.FaultPlan{Operations: []string{"PutItem"},
		Script: []dynamotest.Fault{dynamotest.LoseResponse, dynamotest.Pass, dynamotest.LoseResponse}}
	docs, _, faults, _ := lostTables(t, plan)
	d := newDoc("d1")
	// A new item (version 0: the condition is that it has none yet).
	if err := docs.Put(d).Run(ctx); err != nil {
		t.Fatalf("first Put, its response lost: %v", err)
	}
	if d.Ver != 1 {
		t.Fatalf("version after the first Put = %d, want 1", d.Ver)
	}
	// An existing item at version 1.
	d.Status, d.Score = "shipped", 2.5
	if err := docs.Put(d).Run(ctx); err != nil {
		t.Fatalf("second Put, its response lost: %v", err)
	}
	if d.Ver != 2 {
		t.Fatalf("version after the second Put = %d, want 2", d.Ver)
	}
	got := storedVersion(t, docs, "d1")
	if got.Ver != 2 || got.Status != "shipped" || got.Score != 2.5 {
		t.Fatalf("stored %+v", got)
	}
	if st := faults.Stats(); st.Injected[dynamotest.LoseResponse] != 2 {
		t.Fatalf("responses lost = %d, want 2", st.Injected[dynamotest.LoseResponse])
	}
}

func TestCreateWhoseResponseWasLostSucceeds(t *testing.T) {
	ctx := context.Background()
	docs, notes, _, _ := lostTables(t, dynamotest.FaultPlan{Operations: []string{"PutItem"},
		Script: []dynamotest.Fault{dynamotest.LoseResponse, dynamotest.Pass, dynamotest.LoseResponse}})
	d := newDoc("d1")
	if err := docs.Create(d).Run(ctx); err != nil {
		t.Fatalf("Create of a locked entity, its response lost: %v", err)
	}
	if d.Ver != 1 {
		t.Fatalf("version = %d, want 1", d.Ver)
	}
	if err := notes.Create(&Note{ID: "n1", Status: "open"}).Run(ctx); err != nil {
		t.Fatalf("Create, its response lost: %v", err)
	}
	// Creating again is still refused: no response was lost this time.
	err := notes.Create(&Note{ID: "n1", Status: "open"}).Run(ctx)
	if !errors.Is(err, entity.ErrAlreadyExists) || errors.Is(err, entity.ErrOutcomeUnknown) {
		t.Fatalf("second Create = %v, want ErrAlreadyExists", err)
	}
}

func TestPutWithAConditionItsOwnWriteFalsifies(t *testing.T) {
	ctx := context.Background()
	_, notes, _, plain := lostTables(t, loseFirst("PutItem"))
	name := notes.Name()
	rawPut(t, plain, name, map[string]types.AttributeValue{"id": s("n1"), "status": s("open"), "_v": n("1")})
	// The retry finds status "shipped", written by the lost attempt.
	err := notes.Put(&Note{ID: "n1", Status: "shipped"}).If(cond.Name("status").Eq("open")).Run(ctx)
	if err != nil {
		t.Fatalf("conditional Put, its response lost: %v", err)
	}
}

func TestPutWhoseLostAttemptWasOverwrittenIsOutcomeUnknown(t *testing.T) {
	ctx := context.Background()
	plain := dynamotest.Client(t)
	name := simpleTable(t, plain, "id")
	faults := dynamotest.NewFaults(nil, loseFirst("PutItem"))
	// After the response is lost, and before the SDK sends the request
	// again, another writer changes the item.
	var once sync.Once
	interfere := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := faults.RoundTrip(r)
		if err != nil {
			once.Do(func() {
				rawPut(t, plain, name, map[string]types.AttributeValue{"id": s("d1"), "status": s("theirs"), "score": n("0"), "ver": n("2"), "_v": n("1"), "_t": s("Doc")})
			})
		}
		return resp, err
	})
	client := dynamotest.NewFaults(interfere, dynamotest.FaultPlan{}).Client(dynamotest.SharedEndpoint(t), 8)
	docs, err := entity.NewTable[Doc](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	d := newDoc("d1")
	err = docs.Put(d).Run(ctx)
	var unknown *entity.OutcomeUnknownError
	if !errors.Is(err, entity.ErrOutcomeUnknown) || errors.Is(err, entity.ErrConditionFailed) || !errors.As(err, &unknown) {
		t.Fatalf("Put = %v, want ErrOutcomeUnknown and not ErrConditionFailed", err)
	}
	if cur, ok := unknown.Current.(*Doc); !ok || cur.Status != "theirs" || cur.Ver != 2 {
		t.Fatalf("current item = %#v", unknown.Current)
	}
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		t.Fatalf("the SDK error is not reachable through %v", err)
	}
	if d.Ver != 0 {
		t.Fatalf("version set to %d although the outcome is unknown", d.Ver)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A writer whose condition is false against an identical item written by
// someone else has not written: with no response lost, equality proves
// nothing (two read-modify-writes from one version make the same item).
func TestIdenticalItemWithoutALostResponseIsAConflict(t *testing.T) {
	ctx := context.Background()
	docs, _, _, _ := lostTables(t, dynamotest.FaultPlan{})
	d := newDoc("d1")
	if err := docs.Put(d).Run(ctx); err != nil {
		t.Fatal(err)
	}
	mine, theirs := *d, *d
	mine.Score, theirs.Score = 1, 1
	if err := docs.Put(&theirs).Run(ctx); err != nil {
		t.Fatal(err)
	}
	err := docs.Put(&mine).Run(ctx) // sends exactly the item now stored
	if !errors.Is(err, entity.ErrConditionFailed) || errors.Is(err, entity.ErrOutcomeUnknown) {
		t.Fatalf("stale Put of an identical item = %v, want ErrConditionFailed", err)
	}
	if mine.Ver != 1 {
		t.Fatalf("stale copy's version = %d, want 1 (unchanged)", mine.Ver)
	}
}

func TestLostResponsesOnEveryAttemptAreOutcomeUnknown(t *testing.T) {
	ctx := context.Background()
	docs, notes, _, _ := lostTables(t, dynamotest.FaultPlan{Operations: []string{"PutItem", "DeleteItem"}, Fault: dynamotest.LoseResponse, Rate: 1})
	d := newDoc("d1")
	err := docs.Put(d).Run(ctx)
	if !errors.Is(err, entity.ErrOutcomeUnknown) || errors.Is(err, entity.ErrConditionFailed) {
		t.Fatalf("Put = %v, want ErrOutcomeUnknown", err)
	}
	if d.Ver != 0 {
		t.Fatalf("version = %d after an unknown outcome, want 0", d.Ver)
	}
	if err := docs.Create(newDoc("d2")).Run(ctx); !errors.Is(err, entity.ErrOutcomeUnknown) {
		t.Fatalf("Create = %v, want ErrOutcomeUnknown", err)
	}
	if _, err := notes.Delete(entity.NewKey("d1")).If(cond.Name("status").Eq("open")).Run(ctx); !errors.Is(err, entity.ErrOutcomeUnknown) {
		t.Fatalf("conditional Delete = %v, want ErrOutcomeUnknown", err)
	}
	// Unconditional writes do the same thing however often they are
	// sent: the SDK's error is returned as it is.
	if err := notes.Put(&Note{ID: "n1"}).Run(ctx); err == nil || errors.Is(err, entity.ErrOutcomeUnknown) {
		t.Fatalf("unconditional Put = %v, want the SDK's error", err)
	}
}

func TestDeleteWhoseResponseWasLostIsOutcomeUnknown(t *testing.T) {
	ctx := context.Background()
	docs, notes, _, plain := lostTables(t, loseFirst("DeleteItem"))
	d := newDoc("d1")
	if err := docs.Put(d).Run(ctx); err != nil {
		t.Fatal(err)
	}
	// The lost attempt deleted the item; the retry's condition fails on
	// a missing item, which is also what a Delete of an item someone else
	// deleted sees.
	_, err := docs.Delete(entity.NewKey("d1")).IfVersion(d.Ver).Run(ctx)
	var unknown *entity.OutcomeUnknownError
	if !errors.Is(err, entity.ErrOutcomeUnknown) || errors.Is(err, entity.ErrConditionFailed) || !errors.As(err, &unknown) || unknown.Raw != nil {
		t.Fatalf("Delete = %#v, want ErrOutcomeUnknown with no current item", err)
	}
	if item := rawGet(t, plain, docs.Name(), map[string]types.AttributeValue{"id": s("d1")}); item != nil {
		t.Fatalf("item still there: %v", item)
	}
	// Without a lost response a false condition is a condition failure.
	rawPut(t, plain, notes.Name(), map[string]types.AttributeValue{"id": s("n1"), "status": s("open"), "_v": n("1")})
	_, err = notes.Delete(entity.NewKey("n1")).If(cond.Name("status").Eq("shipped")).Run(ctx)
	if !errors.Is(err, entity.ErrConditionFailed) || errors.Is(err, entity.ErrOutcomeUnknown) {
		t.Fatalf("Delete with a false condition = %v", err)
	}
}

// Refusals (throttling, a connection that never opened) are not lost
// responses: the write is retried by the SDK and a false condition stays
// a condition failure.
func TestRefusedAttemptsAreNotLostResponses(t *testing.T) {
	ctx := context.Background()
	for _, fault := range []dynamotest.Fault{dynamotest.Throttle} {
		t.Run(fault.String(), func(t *testing.T) {
			docs, _, _, _ := lostTables(t, dynamotest.FaultPlan{Operations: []string{"PutItem"},
				Script: []dynamotest.Fault{dynamotest.Pass, dynamotest.Pass, fault}})
			d := newDoc("d1")
			if err := docs.Put(d).Run(ctx); err != nil {
				t.Fatal(err)
			}
			stale := *d
			if err := docs.Put(d).Run(ctx); err != nil {
				t.Fatal(err)
			}
			err := docs.Put(&stale).Run(ctx)
			if !errors.Is(err, entity.ErrConditionFailed) || errors.Is(err, entity.ErrOutcomeUnknown) {
				t.Fatalf("stale Put after a %v = %v, want ErrConditionFailed", fault, err)
			}
		})
	}
}

// A stale Put whose response was lost: the item is at the version the Put
// would have written, with another writer's content. Only one write makes
// a version, so this one was not applied: a plain condition failure.
func TestLostResponseOfAStalePutIsAConflict(t *testing.T) {
	ctx := context.Background()
	plan := dynamotest.FaultPlan{Operations: []string{"PutItem"}, Script: []dynamotest.Fault{dynamotest.Pass, dynamotest.Pass, dynamotest.LoseResponse}}
	docs, _, faults, _ := lostTables(t, plan)
	d := newDoc("d1")
	if err := docs.Put(d).Run(ctx); err != nil {
		t.Fatal(err)
	}
	stale, theirs := *d, *d
	theirs.Status = "theirs"
	if err := docs.Put(&theirs).Run(ctx); err != nil {
		t.Fatal(err)
	}
	stale.Status = "mine"
	err := docs.Put(&stale).Run(ctx) // its first response is lost
	if !errors.Is(err, entity.ErrConditionFailed) || errors.Is(err, entity.ErrOutcomeUnknown) {
		t.Fatalf("stale Put = %v, want ErrConditionFailed", err)
	}
	if cur, ok := entity.CurrentItem[Doc](err); !ok || cur.Status != "theirs" {
		t.Fatalf("current item %+v", cur)
	}
	if faults.Stats().Injected[dynamotest.LoseResponse] != 1 {
		t.Fatal("no response lost")
	}
	// The same with a Create of a locked entity: version 1 is someone
	// else's item.
	docs2, _, _, _ := lostTables(t, dynamotest.FaultPlan{Operations: []string{"PutItem"}, Script: []dynamotest.Fault{dynamotest.Pass, dynamotest.LoseResponse}})
	if err := docs2.Create(newDoc("d1")).Run(ctx); err != nil {
		t.Fatal(err)
	}
	other := newDoc("d1")
	other.Status = "other"
	if err := docs2.Create(other).Run(ctx); !errors.Is(err, entity.ErrAlreadyExists) || errors.Is(err, entity.ErrOutcomeUnknown) {
		t.Fatalf("second Create = %v, want ErrAlreadyExists", err)
	}
}
