package entity_test

import (
	"context"
	"reflect"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
)

// cannedClient answers every single-item request with stored, and records
// what it was sent.
type cannedClient struct {
	entity.Client // nil: only the single-item operations are answered
	stored        map[string]types.AttributeValue

	mu      sync.Mutex
	gets    []*dynamodb.GetItemInput
	puts    []*dynamodb.PutItemInput
	deletes []*dynamodb.DeleteItemInput
}

func (c *cannedClient) GetItem(_ context.Context, in *dynamodb.GetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gets = append(c.gets, in)
	return &dynamodb.GetItemOutput{Item: c.stored}, nil
}

func (c *cannedClient) PutItem(_ context.Context, in *dynamodb.PutItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.puts = append(c.puts, in)
	return &dynamodb.PutItemOutput{}, nil
}

func (c *cannedClient) DeleteItem(_ context.Context, in *dynamodb.DeleteItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.deletes = append(c.deletes, in)
	return &dynamodb.DeleteItemOutput{Attributes: c.stored}, nil
}

// A Get, Put or Delete built once can be kept in a variable and run from
// many goroutines: Input and Run only read it, so every request sent is
// the one the builder describes. Run under -race, this also shows that no
// terminal call writes to the builder.
func TestBuiltRequestsAreSafeToShare(t *testing.T) {
	meta, err := entity.MetaOf[Order]() // registered with its upgrade step, which registering again would drop
	if err != nil {
		t.Fatal(err)
	}
	stored, err := meta.EncodeItem(validOrder("o-1"))
	if err != nil {
		t.Fatal(err)
	}
	client := &cannedClient{stored: stored}
	orders, err := entity.NewTable[Order](client, entity.TableName("orders"))
	if err != nil {
		t.Fatal(err)
	}
	key := entity.NewKey("o-1")
	get := orders.Get(key).ConsistentRead().Project("customer", "status", "total")
	put := orders.Put(validOrder("o-1")).If(cond.Name("status").Eq("open")).If(cond.Name("total").Lt(100))
	create := orders.Create(validOrder("o-2"))
	del := orders.Delete(key).If(cond.Name("status").In("open", "cancelled")).ReturnOld()

	wantGet, err := get.Input()
	if err != nil {
		t.Fatal(err)
	}
	wantPut, err := put.Input()
	if err != nil {
		t.Fatal(err)
	}
	wantCreate, err := create.Input()
	if err != nil {
		t.Fatal(err)
	}
	wantDel, err := del.Input()
	if err != nil {
		t.Fatal(err)
	}
	want := validOrder("o-1")

	const goroutines, rounds = 8, 25
	ctx := context.Background()
	errs := make(chan error, goroutines*rounds*4)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				got, err := get.Run(ctx)
				if err != nil {
					errs <- err
				} else if got.Customer != want.Customer || got.Status != want.Status || got.Total != want.Total {
					t.Errorf("projected Get read %+v", got)
				}
				if in, err := put.Input(); err != nil || !reflect.DeepEqual(in, wantPut) {
					t.Errorf("Put.Input from a goroutine = %+v, %v; want %+v", in, err, wantPut)
				}
				errs <- put.Run(ctx)
				errs <- create.Run(ctx)
				old, err := del.Run(ctx)
				if err != nil {
					errs <- err
				} else if !reflect.DeepEqual(old, want) {
					t.Errorf("Delete returned %+v, want %+v", old, want)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}

	// Every request sent is the one the shared builder built.
	if len(client.gets) != goroutines*rounds || len(client.puts) != 2*goroutines*rounds || len(client.deletes) != goroutines*rounds {
		t.Fatalf("sent %d gets, %d puts, %d deletes", len(client.gets), len(client.puts), len(client.deletes))
	}
	for _, in := range client.gets {
		if !reflect.DeepEqual(in, wantGet) {
			t.Fatalf("GetItem sent %+v, want %+v", in, wantGet)
		}
	}
	creates := 0
	for _, in := range client.puts {
		switch {
		case reflect.DeepEqual(in, wantPut):
		case reflect.DeepEqual(in, wantCreate):
			creates++
		default:
			t.Fatalf("PutItem sent %+v, want %+v or %+v", in, wantPut, wantCreate)
		}
	}
	if creates != goroutines*rounds {
		t.Fatalf("%d creates sent, want %d", creates, goroutines*rounds)
	}
	for _, in := range client.deletes {
		if !reflect.DeepEqual(in, wantDel) {
			t.Fatalf("DeleteItem sent %+v, want %+v", in, wantDel)
		}
	}
}
