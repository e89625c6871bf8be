package schema_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/schema"
)

// fakeClient answers DescribeTable from a script of responses (the last
// one repeats) and records CreateTable requests.
type fakeClient struct {
	schema.Client // the operations it does not answer, unused
	mu            sync.Mutex
	describes     []func() (*dynamodb.DescribeTableOutput, error)
	calls         int
	createErr     error
	created       []*dynamodb.CreateTableInput
}

func (f *fakeClient) DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	i := min(f.calls, len(f.describes)-1)
	f.calls++
	return f.describes[i]()
}

func (f *fakeClient) CreateTable(_ context.Context, in *dynamodb.CreateTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.created = append(f.created, in)
	if f.createErr != nil {
		return nil, f.createErr
	}
	return &dynamodb.CreateTableOutput{}, nil
}

func (f *fakeClient) describeCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

var _ schema.Client = (*fakeClient)(nil)

func described(table types.TableStatus, indexes ...types.IndexStatus) func() (*dynamodb.DescribeTableOutput, error) {
	return func() (*dynamodb.DescribeTableOutput, error) {
		d := &types.TableDescription{TableName: aws.String("orders"), TableStatus: table}
		for _, s := range indexes {
			d.GlobalSecondaryIndexes = append(d.GlobalSecondaryIndexes, types.GlobalSecondaryIndexDescription{IndexName: aws.String("ByAssignee"), IndexStatus: s})
		}
		return &dynamodb.DescribeTableOutput{Table: d}, nil
	}
}

func failing(err error) func() (*dynamodb.DescribeTableOutput, error) {
	return func() (*dynamodb.DescribeTableOutput, error) { return nil, err }
}

var notFound = &types.ResourceNotFoundException{Message: aws.String("Requested resource not found")}

func TestWaitActive(t *testing.T) {
	f := &fakeClient{describes: []func() (*dynamodb.DescribeTableOutput, error){
		failing(notFound),
		described(types.TableStatusCreating, types.IndexStatusCreating),
		described(types.TableStatusActive, types.IndexStatusCreating),
		described(types.TableStatusActive, types.IndexStatusActive),
	}}
	desc, err := schema.WaitActive(context.Background(), f, "orders")
	if err != nil {
		t.Fatal(err)
	}
	if desc.TableStatus != types.TableStatusActive || f.describeCalls() != 4 {
		t.Errorf("status %s after %d calls, want ACTIVE after 4", desc.TableStatus, f.describeCalls())
	}
}

func TestWaitActiveTimeout(t *testing.T) {
	f := &fakeClient{describes: []func() (*dynamodb.DescribeTableOutput, error){
		described(types.TableStatusActive, types.IndexStatusCreating),
	}}
	start := time.Now()
	def, err := schema.Settings{MaxWait: 300 * time.Millisecond}.Define("orders", orderMeta)
	if err != nil {
		t.Fatal(err)
	}
	_, created, err := def.Ensure(context.Background(), f) // it exists, so Ensure waits for it, at most MaxWait
	if created {
		t.Error("created a table that exists")
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %s", took)
	}
	if !errors.Is(err, schema.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want ErrTimeout and DeadlineExceeded", err)
	}
	var se *schema.Error
	if !errors.As(err, &se) || se.Table != "orders" {
		t.Fatalf("err = %#v", err)
	}
	if !strings.Contains(err.Error(), "index ByAssignee CREATING") {
		t.Errorf("message does not say what was not active: %v", err)
	}
	if n := f.describeCalls(); n < 3 {
		t.Errorf("only %d polls in 300ms", n)
	}
}

func TestWaitActiveContextDeadline(t *testing.T) {
	f := &fakeClient{describes: []func() (*dynamodb.DescribeTableOutput, error){failing(notFound)}}
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	_, err := schema.WaitActive(ctx, f, "orders")
	if !errors.Is(err, schema.ErrTimeout) || !strings.Contains(err.Error(), "table not found") {
		t.Fatalf("err = %v", err)
	}
}

func TestWaitActiveCanceled(t *testing.T) {
	f := &fakeClient{describes: []func() (*dynamodb.DescribeTableOutput, error){described(types.TableStatusCreating)}}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := schema.WaitActive(ctx, f, "orders")
	if !errors.Is(err, context.Canceled) || errors.Is(err, schema.ErrTimeout) {
		t.Fatalf("err = %v, want context.Canceled and not ErrTimeout", err)
	}
}

func TestWaitActiveNotActive(t *testing.T) {
	for _, s := range []types.TableStatus{types.TableStatusDeleting, types.TableStatusArchived} {
		f := &fakeClient{describes: []func() (*dynamodb.DescribeTableOutput, error){described(s)}}
		_, err := schema.WaitActive(context.Background(), f, "orders")
		if !errors.Is(err, schema.ErrNotActive) || !strings.Contains(err.Error(), string(s)) {
			t.Errorf("%s: err = %v", s, err)
		}
		if f.describeCalls() != 1 {
			t.Errorf("%s: %d calls, want 1", s, f.describeCalls())
		}
	}
}

func TestWaitActiveRequestError(t *testing.T) {
	denied := errors.New("AccessDeniedException: not allowed")
	f := &fakeClient{describes: []func() (*dynamodb.DescribeTableOutput, error){failing(denied)}}
	_, err := schema.WaitActive(context.Background(), f, "orders")
	var se *schema.Error
	if !errors.Is(err, denied) || !errors.As(err, &se) || se.Op != "DescribeTable" {
		t.Fatalf("err = %v", err)
	}
	if _, err := schema.WaitActive(context.Background(), f, "x"); !refusedBy(err, schema.RuleInvalidTable) {
		t.Errorf("invalid name: %v", err)
	}
}

func TestCreateTableFake(t *testing.T) {
	f := &fakeClient{describes: []func() (*dynamodb.DescribeTableOutput, error){
		described(types.TableStatusCreating, types.IndexStatusCreating),
		described(types.TableStatusActive, types.IndexStatusActive),
	}}
	desc, err := schema.CreateTable(context.Background(), f, "orders", orderMeta)
	if err != nil || desc.TableStatus != types.TableStatusActive {
		t.Fatalf("desc %+v, err %v", desc, err)
	}
	want, _ := createTableInput(schema.Settings{}, "orders", orderMeta)
	if len(f.created) != 1 || summary(f.created[0]) != summary(want) {
		t.Errorf("sent %d requests: %v", len(f.created), f.created)
	}

	// Nothing is sent for an invalid definition.
	f = &fakeClient{}
	if _, err := schema.CreateTable(context.Background(), f, "users", userMeta, orderMeta); !refusedBy(err, schema.RuleKeyMismatch) {
		t.Errorf("err = %v", err)
	}
	if len(f.created) != 0 {
		t.Error("an invalid table was sent")
	}

	// Request errors keep the SDK's type.
	inUse := &types.ResourceInUseException{Message: aws.String("Table already exists")}
	f = &fakeClient{createErr: inUse}
	_, err = schema.CreateTable(context.Background(), f, "orders", orderMeta)
	var got *types.ResourceInUseException
	var se *schema.Error
	if !errors.As(err, &got) || !errors.As(err, &se) || se.Op != "CreateTable" {
		t.Errorf("err = %v", err)
	}
}

func TestEnsureTableFake(t *testing.T) {
	t.Run("exists", func(t *testing.T) {
		f := &fakeClient{describes: []func() (*dynamodb.DescribeTableOutput, error){
			described(types.TableStatusCreating),
			described(types.TableStatusActive),
		}}
		desc, created, err := schema.EnsureTable(context.Background(), f, "orders", orderMeta)
		if err != nil || created || desc.TableStatus != types.TableStatusActive {
			t.Fatalf("created %v, err %v", created, err)
		}
		if len(f.created) != 0 {
			t.Error("CreateTable called for an existing table")
		}
	})
	t.Run("missing", func(t *testing.T) {
		f := &fakeClient{describes: []func() (*dynamodb.DescribeTableOutput, error){
			failing(notFound),
			described(types.TableStatusActive, types.IndexStatusActive),
		}}
		_, created, err := schema.EnsureTable(context.Background(), f, "orders", orderMeta)
		if err != nil || !created || len(f.created) != 1 {
			t.Fatalf("created %v, %d requests, err %v", created, len(f.created), err)
		}
	})
	t.Run("created meanwhile", func(t *testing.T) {
		f := &fakeClient{
			describes: []func() (*dynamodb.DescribeTableOutput, error){
				failing(notFound),
				described(types.TableStatusActive, types.IndexStatusActive),
			},
			createErr: &types.ResourceInUseException{Message: aws.String("Table already exists")},
		}
		_, created, err := schema.EnsureTable(context.Background(), f, "orders", orderMeta)
		if err != nil || created {
			t.Fatalf("created %v, err %v", created, err)
		}
	})
	t.Run("describe fails", func(t *testing.T) {
		denied := errors.New("AccessDeniedException")
		f := &fakeClient{describes: []func() (*dynamodb.DescribeTableOutput, error){failing(denied)}}
		_, _, err := schema.EnsureTable(context.Background(), f, "orders", orderMeta)
		if !errors.Is(err, denied) || len(f.created) != 0 {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("invalid definition", func(t *testing.T) {
		f := &fakeClient{}
		_, _, err := schema.EnsureTable(context.Background(), f, "app", invoiceMeta, otherGSI1KeyMeta)
		if !refusedBy(err, schema.RuleIndexConflict) || f.describeCalls() != 0 {
			t.Fatalf("err = %v", err)
		}
	})
}
