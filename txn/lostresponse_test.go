package txn_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/txn"
	"github.com/dynamodel/dynamodel/update"
)

// tokenRecorder is an http.RoundTripper that notes the client request
// token of every TransactWriteItems request that goes on the wire.
type tokenRecorder struct {
	mu     sync.Mutex
	tokens []string
}

func (r *tokenRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("X-Amz-Target") == "DynamoDB_20120810.TransactWriteItems" && req.Body != nil {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(body))
		var in struct{ ClientRequestToken string }
		if err := json.Unmarshal(body, &in); err != nil {
			return nil, err
		}
		r.mu.Lock()
		r.tokens = append(r.tokens, in.ClientRequestToken)
		r.mu.Unlock()
	}
	return http.DefaultTransport.RoundTrip(req)
}

// faultyAccounts is the accounts table of setup seen through a client
// whose TransactWriteItems requests are disturbed as script says, and
// whose tokens are recorded.
func faultyAccounts(t *testing.T, script ...dynamotest.Fault) (*dynamodb.Client, *entity.Table[Account], *client, *entity.Table[Account], *tokenRecorder) {
	t.Helper()
	c, at, _ := setup(t)
	rec := &tokenRecorder{}
	faults := dynamotest.NewFaults(rec, dynamotest.FaultPlan{Operations: []string{"TransactWriteItems"}, Script: script})
	fc := faults.Client(dynamotest.SharedEndpoint(t), 8)
	ft, err := entity.NewTable[Account](fc, entity.TableName(at.Name()))
	if err != nil {
		t.Fatal(err)
	}
	return fc, ft, c, at, rec
}

func sameTokens(t *testing.T, rec *tokenRecorder, want string, n int) {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.tokens) != n {
		t.Fatalf("%d requests sent, want %d", len(rec.tokens), n)
	}
	for i, tok := range rec.tokens {
		if tok != want {
			t.Fatalf("request %d carried token %q, want %q", i, tok, want)
		}
	}
}

// The SDK retries a transaction whose response was lost with the same
// token; DynamoDB answers with the first outcome: the Create does not fail
// against itself and the increment is applied once.
func TestTransactionWhoseResponseWasLostIsAppliedOnce(t *testing.T) {
	ctx := context.Background()
	fc, ft, c, at, rec := faultyAccounts(t, dynamotest.LoseResponse, dynamotest.LoseResponse)
	openAccounts(t, c, at, 1, 5)
	w := txn.NewWrite(fc)
	fresh := &Account{ID: "new", Owner: "o", Balance: 1}
	txn.Create(w, ft, fresh)
	txn.Update(w, update.New(ft, entity.NewKey("a00")).Increment(cond.Name("balance"), 10))
	res, err := w.Run(ctx)
	if err != nil {
		t.Fatalf("transaction, two responses lost: %v", err)
	}
	sameTokens(t, rec, res.Token, 3)
	if fresh.Version != 1 {
		t.Fatalf("created item's version = %d, want 1", fresh.Version)
	}
	got, _ := at.Get(entity.NewKey("a00")).ConsistentRead().Run(ctx)
	if got.Balance != 15 {
		t.Fatalf("balance = %d, want 15 (one increment)", got.Balance)
	}
	if _, err := at.Get(entity.NewKey("new")).Run(ctx); err != nil {
		t.Fatal(err)
	}
}

// When every attempt loses its answer, Run says the outcome is unknown and
// returns the token; running again with it applies nothing twice.
func TestTransactionWithEveryAnswerLostIsOutcomeUnknown(t *testing.T) {
	ctx := context.Background()
	lost := make([]dynamotest.Fault, 8)
	for i := range lost {
		lost[i] = dynamotest.LoseResponse
	}
	fc, ft, c, at, rec := faultyAccounts(t, lost...)
	openAccounts(t, c, at, 1, 5)
	build := func() *txn.Write {
		w := txn.NewWrite(fc)
		txn.Update(w, update.New(ft, entity.NewKey("a00")).Increment(cond.Name("balance"), 10))
		return w
	}
	res, err := build().Run(ctx)
	if !errors.Is(err, entity.ErrOutcomeUnknown) || errors.Is(err, txn.ErrCanceled) || res == nil || res.Token == "" {
		t.Fatalf("Run = %+v, %v; want ErrOutcomeUnknown and the token", res, err)
	}
	sameTokens(t, rec, res.Token, 8)
	if _, err := build().Token(res.Token).Run(ctx); err != nil {
		t.Fatalf("Run again with the token: %v", err)
	}
	got, _ := at.Get(entity.NewKey("a00")).ConsistentRead().Run(ctx)
	if got.Balance != 15 {
		t.Fatalf("balance = %d, want 15 (one increment)", got.Balance)
	}
}

// tokenClient answers the first conflicts requests with a cancellation
// for a conflict, without sending them, and notes every token.
type tokenClient struct {
	*dynamodb.Client
	conflicts int
	tokens    []string
}

func (c *tokenClient) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, o ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	c.tokens = append(c.tokens, aws.ToString(in.ClientRequestToken))
	if len(c.tokens) <= c.conflicts {
		return nil, &types.TransactionCanceledException{Message: aws.String("conflict"),
			CancellationReasons: []types.CancellationReason{{Code: aws.String(txn.CodeConflict)}}}
	}
	return c.Client.TransactWriteItems(ctx, in, o...)
}

func TestRetryConflictsReusesTheToken(t *testing.T) {
	ctx := context.Background()
	c, at, _ := setup(t)
	openAccounts(t, c, at, 1, 5)
	tc := &tokenClient{Client: c.Client, conflicts: 2}
	w := txn.NewWrite(tc).RetryConflicts(3)
	txn.Update(w, update.New(at, entity.NewKey("a00")).Increment(cond.Name("balance"), 1))
	res, err := w.Run(ctx)
	if err != nil || res.Attempts != 3 {
		t.Fatalf("Run = %+v, %v", res, err)
	}
	if len(tc.tokens) != 3 || tc.tokens[0] == "" || tc.tokens[0] != tc.tokens[1] || tc.tokens[1] != tc.tokens[2] || tc.tokens[0] != res.Token {
		t.Fatalf("tokens %q, result token %q", tc.tokens, res.Token)
	}
}
