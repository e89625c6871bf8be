package entity_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/model"
)

// Job has a nested struct, a list of structs, a free-form map and a
// free-form interface field, so paths into each can be checked.
type Job struct {
	entity.Model `ddb:"table=jobs,type=Job"`
	ID           string            `dynamodbav:"id" ddb:"pk"`
	Subject      string            `dynamodbav:"subject" validate:"required"`
	Address      Place             `dynamodbav:"address"`
	Stops        []Place           `dynamodbav:"stops,omitempty"`
	Labels       map[string]string `dynamodbav:"labels,omitempty"`
	Extra        any               `dynamodbav:"extra,omitempty"`
	Rev          int64             `dynamodbav:"rev" ddb:"lock"`
}

type Place struct {
	City string `dynamodbav:"city"`
	Zip  string `dynamodbav:"zip,omitempty"`
}

var jobMeta = entity.MustRegister[Job]()

// requestCounter counts every HTTP request a client sends, whatever the
// operation, so "nothing was sent" covers every kind of request.
type requestCounter struct {
	next dynamodb.HTTPClient
	n    atomic.Int32
}

func (c *requestCounter) Do(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.Do(r)
}

// countedClient is the shared test client with its requests counted.
func countedClient(t *testing.T) (*dynamodb.Client, *requestCounter) {
	t.Helper()
	rc := &requestCounter{}
	c := dynamodb.New(dynamotest.Client(t).Options(), func(o *dynamodb.Options) {
		rc.next, o.HTTPClient = o.HTTPClient, rc
	})
	return c, rc
}

func jobTable(t *testing.T) (*entity.Table[Job], *dynamodb.Client, *requestCounter) {
	t.Helper()
	client, rc := countedClient(t)
	name := simpleTable(t, client, "id")
	tbl, err := entity.NewTable[Job](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	return tbl, client, rc
}

// wantUnknown checks that err is an *entity.InputError (entity.RuleUnknownPath) for path in
// table, refused with entity.RuleUnknownPath.
func wantUnknown(t *testing.T, err error, table, path string) {
	t.Helper()
	if !errs.HasRule(err, entity.RuleUnknownPath) {
		t.Fatalf("err = %v, want ErrUnknownPath", err)
	}
	var u *entity.InputError
	var uCause *model.PathError
	if !(errors.As(err, &u) && errors.As(err, &uCause)) {
		t.Fatalf("err = %T %v, want an *entity.InputError of rule entity.RuleUnknownPath", err, err)
	}
	if u.Attribute != path || u.Table != table || uCause.Entity != "Job" {
		t.Fatalf("error names %q in %q of %q, want %q in %q of Job", u.Attribute, u.Table, uCause.Entity, path, table)
	}
}

func TestMisspeltConditionAndProjectionNamesAreRefusedBeforeAnyRequest(t *testing.T) {
	tbl, _, rc := jobTable(t)
	ctx := context.Background()
	item := &Job{ID: "t-1", Subject: "printer"}
	key := entity.NewKey("t-1")
	misspelt := []struct {
		name string
		path cond.Path
		want string // the path the error names
	}{
		{"top-level", cond.Name("subjet"), "subjet"},
		{"struct field", cond.Name("address").Field("citty"), "address.citty"},
		{"field of a list element", cond.Name("stops").Index(0).Field("zipp"), "stops[0].zipp"},
		{"index into a struct", cond.Name("address").Index(0), "address[0]"},
		{"into a string", cond.Name("subject").Field("x"), "subject.x"},
		{"into the schema version", cond.Name(entity.VersionAttribute).Field("x"), "_v.x"},
		{"Go field name instead of attribute name", cond.Name("Subject"), "Subject"},
	}
	for _, m := range misspelt {
		ops := map[string]func(c cond.Expr) error{
			"Put":    func(c cond.Expr) error { return tbl.Put(item).If(c).Run(ctx) },
			"Create": func(c cond.Expr) error { return tbl.Create(item).If(c).Run(ctx) },
			"Delete": func(c cond.Expr) error { _, err := tbl.Delete(key).If(c).Run(ctx); return err },
			"Put.Input": func(c cond.Expr) error {
				_, err := tbl.Put(item).If(c).Input()
				return err
			},
		}
		for op, run := range ops {
			t.Run(m.name+"/"+op, func(t *testing.T) {
				// In any position of the expression: as the compared
				// path, as the operand, inside size() and under NOT.
				for _, c := range []cond.Expr{
					m.path.Eq("x"),
					cond.Name("subject").Eq(m.path),
					cond.Name("id").Exists().And(cond.Not(m.path.Size().Gt(1))),
				} {
					before := rc.n.Load()
					wantUnknown(t, run(c), tbl.Name(), m.want)
					if sent := rc.n.Load() - before; sent != 0 {
						t.Fatalf("%d requests sent", sent)
					}
				}
			})
		}
	}
	before := rc.n.Load()
	_, err := tbl.Get(key).Project("subject", "subjet").Run(ctx)
	wantUnknown(t, err, tbl.Name(), "subjet")
	if sent := rc.n.Load() - before; sent != 0 {
		t.Fatalf("Get: %d requests sent", sent)
	}
}

func TestDeclaredPathsReachTheStoredItem(t *testing.T) {
	tbl, _, _ := jobTable(t)
	ctx := context.Background()
	item := &Job{ID: "t-1", Subject: "printer", Address: Place{City: "Lyon"},
		Stops: []Place{{City: "Paris", Zip: "75001"}}, Labels: map[string]string{"team": "ops"},
		Extra: map[string]any{"source": "mail"}}
	if err := tbl.Create(item).Run(ctx); err != nil {
		t.Fatal(err)
	}
	// Each condition names a declared path (map keys and what lies under
	// an interface are free-form) and is evaluated by DynamoDB: true ones
	// let the write through, false ones fail it.
	cases := []struct {
		name  string
		c     cond.Expr
		holds bool
	}{
		{"struct field", cond.Name("address").Field("city").Eq("Lyon"), true},
		{"struct field, false", cond.Name("address").Field("city").Eq("Nice"), false},
		{"field of a list element", cond.Name("stops").Index(0).Field("zip").Eq("75001"), true},
		{"any map key", cond.Name("labels").Field("team").Eq("ops"), true},
		{"a map key not stored", cond.Name("labels").Field("owner").Exists(), false},
		{"under an interface", cond.Name("extra").Field("source").Eq("mail"), true},
		{"key attribute", cond.Name("id").Eq("t-1"), true},
		{"schema version", cond.Name(entity.VersionAttribute).Eq(1), true},
		{"entity type", cond.Name(entity.TypeAttribute).Eq("Job"), true},
		{"lock version", cond.Name("rev").Ge(1), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := tbl.Put(item).If(c.c).Run(ctx)
			switch {
			case c.holds && err != nil:
				t.Fatalf("Put = %v, want success", err)
			case !c.holds && !errors.Is(err, entity.ErrConditionFailed):
				t.Fatalf("Put = %v, want ErrConditionFailed", err)
			}
		})
	}
	// A projection may name the library's attributes too; they are read
	// once.
	got, err := tbl.Get(entity.NewKey("t-1")).Project("subject", entity.VersionAttribute).Run(ctx)
	if err != nil || got.Subject != "printer" || got.Address.City != "" {
		t.Fatalf("projected Get = %+v, %v", got, err)
	}
}

func TestUndeclaredReachesAnAttributeTheModelDoesNotDeclare(t *testing.T) {
	tbl, client, rc := jobTable(t)
	ctx := context.Background()
	// An item written by other code, with an attribute the model lacks.
	if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(tbl.Name()), Item: map[string]types.AttributeValue{
		"id": s("t-1"), "subject": s("printer"), "_t": s("Job"), "rev": n("1"),
		"legacy_owner": s("ana"), "legacy": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"n": n("3")}},
	}}); err != nil {
		t.Fatal(err)
	}
	// Named with Name, the attribute is refused; with Undeclared, it is
	// sent and DynamoDB evaluates it against the stored value.
	_, err := tbl.Delete(entity.NewKey("t-1")).If(cond.Name("legacy_owner").Eq("ana")).Run(ctx)
	wantUnknown(t, err, tbl.Name(), "legacy_owner")

	before := rc.n.Load()
	_, err = tbl.Delete(entity.NewKey("t-1")).If(cond.Undeclared("legacy_owner").Eq("ben")).Run(ctx)
	if !errors.Is(err, entity.ErrConditionFailed) {
		t.Fatalf("Delete if legacy_owner = ben: %v, want ErrConditionFailed", err)
	}
	_, err = tbl.Delete(entity.NewKey("t-1")).If(cond.Undeclared("legacy").Field("n").Gt(5)).Run(ctx)
	if !errors.Is(err, entity.ErrConditionFailed) {
		t.Fatalf("Delete if legacy.n > 5: %v, want ErrConditionFailed", err)
	}
	if sent := rc.n.Load() - before; sent != 2 {
		t.Fatalf("%d requests sent, want 2", sent)
	}
	if _, err := tbl.Delete(entity.NewKey("t-1")).If(
		cond.Undeclared("legacy_owner").Eq("ana").And(cond.Undeclared("legacy").Field("n").Eq(3))).Run(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := tbl.Get(entity.NewKey("t-1")).Run(ctx); !errors.Is(err, entity.ErrNotFound) {
		t.Fatalf("after the delete: %v, want ErrNotFound", err)
	}
}
