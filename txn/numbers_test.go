package txn_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/txn"
	"github.com/dynamodel/dynamodel/update"
)

// Reading has numbers in every place a number can reach DynamoDB from: the
// sort key, an index key, plain, float32, nested in a map and a list, in a
// number set.
type Reading struct {
	entity.Model `ddb:"table=readings,type=Reading"`
	Sensor       string             `dynamodbav:"sensor" ddb:"pk"`
	At           float64            `dynamodbav:"at" ddb:"sk"`
	Zone         string             `dynamodbav:"zone,omitempty" ddb:"gsi=ByZone:pk1"`
	Level        float64            `dynamodbav:"level,omitempty" ddb:"gsi=ByZone:sk1"`
	Value        float64            `dynamodbav:"value"`
	Ratio        float32            `dynamodbav:"ratio"`
	ByHour       map[string]float64 `dynamodbav:"byHour,omitempty"`
	Samples      []float64          `dynamodbav:"samples,omitempty"`
	Marks        []float64          `dynamodbav:"marks,numberset,omitempty"`
}

// Meter is a Reading with a lock version, for WithLock.
type Meter struct {
	entity.Model `ddb:"table=meters"`
	ID           string  `dynamodbav:"id" ddb:"pk"`
	At           float64 `dynamodbav:"at" ddb:"sk"`
	Version      int64   `dynamodbav:"ver" ddb:"lock"`
}

var (
	readingMeta = entity.MustRegister[Reading]()
	meterMeta   = entity.MustRegister[Meter]()
)

// requestCounter counts the HTTP requests a client sends.
type requestCounter struct {
	next http.RoundTripper
	n    atomic.Int32
}

func (c *requestCounter) Do(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

// TestNonFiniteNumbersAreRefusedBeforeSending: NaN, +Inf and -Inf given to
// any entry point that puts a number in a request are refused with
// an *entity.InputError of rule cond.RuleInvalidNumber, and no request
// reaches DynamoDB.
func TestNonFiniteNumbersAreRefusedBeforeSending(t *testing.T) {
	ctx := context.Background()
	raw := dynamotest.Client(t)
	name := dynamotest.TableName(t, "readings")
	dynamotest.DeleteTableOnCleanup(t, raw, name)
	if _, err := schema.CreateTable(ctx, raw, name, readingMeta); err != nil {
		t.Fatal(err)
	}
	meters := dynamotest.TableName(t, "meters")
	dynamotest.DeleteTableOnCleanup(t, raw, meters)
	if _, err := schema.CreateTable(ctx, raw, meters, meterMeta); err != nil {
		t.Fatal(err)
	}
	counter := &requestCounter{next: http.DefaultTransport}
	client := dynamotest.NewClient(dynamotest.SharedEndpoint(t), func(o *dynamodb.Options) { o.HTTPClient = counter })
	tbl, err := entity.NewTable[Reading](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	meterTbl, err := entity.NewTable[Meter](client, entity.TableName(meters))
	if err != nil {
		t.Fatal(err)
	}
	ok := &Reading{Sensor: "s", At: 1, Value: 1}
	if err := tbl.Put(ok).Run(ctx); err != nil { // the table works, and counts
		t.Fatal(err)
	}
	if counter.n.Load() != 1 {
		t.Fatalf("the counter saw %d requests for one Put", counter.n.Load())
	}

	type entry struct {
		name string
		call func(bad float64) error
	}
	runWrite := func(build func(w *txn.Write)) error {
		w := txn.NewWrite(client)
		build(w)
		_, err := w.Run(ctx)
		return err
	}
	batch := func(add func(w *update.BatchWriter) error) error {
		w := update.NewBatchWriter(client)
		if err := add(w); err != nil {
			return err
		}
		_, err := w.Run(ctx)
		return err
	}
	entries := []entry{
		// entity
		{"Table.Put, plain", func(x float64) error { return tbl.Put(&Reading{Sensor: "s", At: 2, Value: x}).Run(ctx) }},
		{"Table.Put, float32", func(x float64) error { return tbl.Put(&Reading{Sensor: "s", At: 2, Ratio: float32(x)}).Run(ctx) }},
		{"Table.Put, in a map", func(x float64) error {
			return tbl.Put(&Reading{Sensor: "s", At: 2, ByHour: map[string]float64{"h1": x}}).Run(ctx)
		}},
		{"Table.Put, in a list", func(x float64) error { return tbl.Put(&Reading{Sensor: "s", At: 2, Samples: []float64{1, x}}).Run(ctx) }},
		{"Table.Put, in a number set", func(x float64) error { return tbl.Put(&Reading{Sensor: "s", At: 2, Marks: []float64{x}}).Run(ctx) }},
		{"Table.Put, sort key", func(x float64) error { return tbl.Put(&Reading{Sensor: "s", At: x}).Run(ctx) }},
		{"Table.Put, index key", func(x float64) error { return tbl.Put(&Reading{Sensor: "s", At: 2, Zone: "z", Level: x}).Run(ctx) }},
		{"Table.Put, condition", func(x float64) error {
			return tbl.Put(&Reading{Sensor: "s", At: 2}).If(cond.Name("value").Lt(x)).Run(ctx)
		}},
		{"Table.Create", func(x float64) error { return tbl.Create(&Reading{Sensor: "s", At: 3, Value: x}).Run(ctx) }},
		{"Table.Get key", func(x float64) error { _, err := tbl.Get(entity.NewKey("s", x)).Run(ctx); return err }},
		{"Table.Delete key", func(x float64) error { _, err := tbl.Delete(entity.NewKey("s", x)).Run(ctx); return err }},
		{"Table.Delete condition", func(x float64) error {
			_, err := tbl.Delete(entity.NewKey("s", 1.0)).If(cond.Name("value").Ne(x)).Run(ctx)
			return err
		}},
		// query
		{"query.BatchGet keys", func(x float64) error {
			_, err := query.NewBatchGet(tbl, entity.NewKey("s", 1.0), entity.NewKey("s", x)).Run(ctx)
			return err
		}},
		{"Query key condition", func(x float64) error {
			_, err := query.New(tbl).Where(query.Attr("sensor").Eq("s"), query.Attr("at").Gt(x)).Page(ctx)
			return err
		}},
		{"Query key condition, Between", func(x float64) error {
			_, err := query.New(tbl).Where(query.Attr("sensor").Eq("s"), query.Attr("at").Between(0, x)).Page(ctx)
			return err
		}},
		{"Query key condition on an index", func(x float64) error {
			_, err := query.New(tbl).Index("ByZone").Where(query.Attr("zone").Eq("z"), query.Attr("level").Le(x)).Page(ctx)
			return err
		}},
		{"Query filter", func(x float64) error {
			_, err := query.New(tbl).Where(query.Attr("sensor").Eq("s")).Filter(cond.Name("value").Eq(x)).Page(ctx)
			return err
		}},
		{"Scan filter", func(x float64) error {
			_, err := query.NewScan(tbl).Filter(cond.Name("ratio").In(1, x)).Page(ctx)
			return err
		}},
		{"Collection key condition", func(x float64) error {
			c, err := query.NewCollection(client, name, readingMeta)
			if err != nil {
				return err
			}
			_, err = c.Query("s").Where(query.Attr("at").Ge(x)).Page(ctx)
			return err
		}},
		// update
		{"Update.Set", func(x float64) error {
			_, err := update.New(tbl, entity.NewKey("s", 1.0)).Set(cond.Name("value"), x).Run(ctx)
			return err
		}},
		{"Update.Set, float32", func(x float64) error {
			_, err := update.New(tbl, entity.NewKey("s", 1.0)).Set(cond.Name("ratio"), float32(x)).Run(ctx)
			return err
		}},
		{"Update.Set, nested", func(x float64) error {
			_, err := update.New(tbl, entity.NewKey("s", 1.0)).Set(cond.Name("byHour").Field("h1"), x).Run(ctx)
			return err
		}},
		{"Update.Set, index key", func(x float64) error {
			_, err := update.New(tbl, entity.NewKey("s", 1.0)).Set(cond.Name("level"), x).Run(ctx)
			return err
		}},
		{"Update.SetIfNotExists", func(x float64) error {
			_, err := update.New(tbl, entity.NewKey("s", 1.0)).SetIfNotExists(cond.Name("value"), x).Run(ctx)
			return err
		}},
		{"Update.Append", func(x float64) error {
			_, err := update.New(tbl, entity.NewKey("s", 1.0)).Append(cond.Name("samples"), []float64{x}).Run(ctx)
			return err
		}},
		{"Update.Prepend", func(x float64) error {
			_, err := update.New(tbl, entity.NewKey("s", 1.0)).Prepend(cond.Name("samples"), []float64{x}).Run(ctx)
			return err
		}},
		{"Update.Increment", func(x float64) error {
			_, err := update.New(tbl, entity.NewKey("s", 1.0)).Increment(cond.Name("value"), x).Run(ctx)
			return err
		}},
		{"Update.Add, number", func(x float64) error {
			_, err := update.New(tbl, entity.NewKey("s", 1.0)).Add(cond.Name("value"), x).Run(ctx)
			return err
		}},
		{"Update.Add, number set", func(x float64) error {
			_, err := update.New(tbl, entity.NewKey("s", 1.0)).Add(cond.Name("marks"), []float64{x}).Run(ctx)
			return err
		}},
		{"Update.DeleteFromSet", func(x float64) error {
			_, err := update.New(tbl, entity.NewKey("s", 1.0)).DeleteFromSet(cond.Name("marks"), []float64{x}).Run(ctx)
			return err
		}},
		{"Update.If", func(x float64) error {
			_, err := update.New(tbl, entity.NewKey("s", 1.0)).Set(cond.Name("value"), 2.0).If(cond.Name("value").Gt(x)).Run(ctx)
			return err
		}},
		{"update.New key", func(x float64) error {
			_, err := update.New(tbl, entity.NewKey("s", x)).Set(cond.Name("value"), 2.0).Run(ctx)
			return err
		}},
		{"update.WithLock change", func(x float64) error {
			_, err := update.WithLock(ctx, meterTbl, entity.NewKey("m", x), 1, func(*Meter) error { return nil })
			return err
		}},
		{"update.BatchPut", func(x float64) error {
			return batch(func(w *update.BatchWriter) error {
				return update.BatchPut(w, tbl, ok, &Reading{Sensor: "s", At: 4, Value: x})
			})
		}},
		{"update.BatchDelete", func(x float64) error {
			return batch(func(w *update.BatchWriter) error { return update.BatchDelete(w, tbl, entity.NewKey("s", x)) })
		}},
		// txn
		{"txn.Put", func(x float64) error {
			return runWrite(func(w *txn.Write) { txn.Put(w, tbl, &Reading{Sensor: "s", At: 5, Value: x}) })
		}},
		{"txn.Create", func(x float64) error {
			return runWrite(func(w *txn.Write) { txn.Create(w, tbl, &Reading{Sensor: "s", At: 5, Samples: []float64{x}}) })
		}},
		{"txn.Delete key", func(x float64) error {
			return runWrite(func(w *txn.Write) { txn.Delete(w, tbl, entity.NewKey("s", x)) })
		}},
		{"txn.Check key", func(x float64) error {
			return runWrite(func(w *txn.Write) { txn.Check(w, tbl, entity.NewKey("s", x), cond.Name("value").Exists()) })
		}},
		{"txn.Check condition", func(x float64) error {
			return runWrite(func(w *txn.Write) { txn.Check(w, tbl, entity.NewKey("s", 1.0), cond.Name("value").Ge(x)) })
		}},
		{"txn.Update", func(x float64) error {
			return runWrite(func(w *txn.Write) {
				txn.Update(w, update.New(tbl, entity.NewKey("s", 1.0)).Set(cond.Name("value"), x))
			})
		}},
		{"txn.Get key", func(x float64) error {
			r := txn.NewRead(client)
			txn.Get(r, tbl, entity.NewKey("s", x))
			_, err := r.Run(ctx)
			return err
		}},
	}
	for _, e := range entries {
		for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 1e200, 1e-200} {
			if strings.Contains(e.name, "float32") && float32(bad) == 0 {
				continue // 1e-200 is 0 as a float32
			}
			before := counter.n.Load()
			err := e.call(bad)
			if !invalidNumber(err) {
				t.Errorf("%s(%v): %v, want an InputError of rule cond.RuleInvalidNumber", e.name, bad, err)
			}
			if d := counter.n.Load() - before; d != 0 {
				t.Errorf("%s(%v): %d requests sent", e.name, bad, d)
			}
		}
	}
	t.Logf("%d entry points, 5 numbers each", len(entries))

	// An N value given already encoded, in a key or a condition, is
	// checked too.
	before := counter.n.Load()
	_, err = tbl.Get(entity.NewKey("s", &types.AttributeValueMemberN{Value: "NaN"})).Run(ctx)
	if !invalidNumber(err) {
		t.Errorf("Get of an encoded NaN key: %v", err)
	}
	_, err = update.New(tbl, entity.NewKey("s", 1.0)).Set(cond.Name("value"), 2.0).If(cond.Name("value").Eq(&types.AttributeValueMemberN{Value: "Infinity"})).Run(ctx)
	if !invalidNumber(err) {
		t.Errorf("a condition on an encoded Infinity: %v", err)
	}
	if d := counter.n.Load() - before; d != 0 {
		t.Errorf("%d requests sent", d)
	}
}

// invalidNumber reports whether err refuses a number DynamoDB would refuse,
// as an input refused before sending.
func invalidNumber(err error) bool {
	return errors.Is(err, entity.ErrInvalidInput) && errs.HasRule(err, cond.RuleInvalidNumber)
}
