package expr_test

import (
	"testing"

	"github.com/dynamodel/dynamodel/internal/expr"
)

// Request-like inputs; variables rather than constants so that boxing them
// into interfaces costs what it costs in real code.
var (
	benchTenant  = "tenant-42"
	benchKind    = "order"
	benchRegion  = "eu-west-1"
	benchShard   = 7
	benchFrom    = "2024-01-01T00:00:00Z"
	benchTo      = "2024-12-31T23:59:59Z"
	benchStatus  = "shipped"
	benchMinSize = 2
)

var sinkStrings [3]string
var sinkNames map[string]string

// buildQuery builds everything a Query with a four-attribute partition key, a
// range condition on the sort key, a two-clause filter and a four-path
// projection needs, as the query layer does.
func buildQuery(b *expr.Builder) error {
	key := expr.And(
		expr.Name("tenant").Eq(benchTenant),
		expr.Name("kind").Eq(benchKind),
		expr.Name("region").Eq(benchRegion),
		expr.Name("shard").Eq(benchShard),
		expr.Name("created").Between(benchFrom, benchTo),
	)
	filter := expr.Name("status").Eq(benchStatus).And(expr.Name("items").Size().Ge(benchMinSize))
	k, err := b.Condition(key)
	if err != nil {
		return err
	}
	f, err := b.Condition(filter)
	if err != nil {
		return err
	}
	p, err := b.Projection(expr.Name("tenant"), expr.Name("status"),
		expr.Name("address").Field("city"), expr.Name("items").Index(0))
	if err != nil {
		return err
	}
	sinkStrings = [3]string{k, f, p}
	sinkNames = b.Names()
	_ = b.Values()
	return nil
}

// BenchmarkBuilder measures the expression work of typical requests.
//
//	Query/new:    a fresh Builder per request
//	Query/reset:  one Builder reused with Reset (as from a sync.Pool)
//	Condition:    a conditional put's attribute_not_exists(pk) OR version = :v
//	PathsOnly:    a projection of four paths
func BenchmarkBuilder(b *testing.B) {
	b.Run("Query/new", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if err := buildQuery(expr.NewBuilder(nil)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Query/reset", func(b *testing.B) {
		b.ReportAllocs()
		bld := expr.NewBuilder(nil)
		for i := 0; i < b.N; i++ {
			bld.Reset(nil)
			if err := buildQuery(bld); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Condition", func(b *testing.B) {
		b.ReportAllocs()
		bld := expr.NewBuilder(nil)
		for i := 0; i < b.N; i++ {
			bld.Reset(nil)
			s, err := bld.Condition(expr.Or(expr.Name("pk").NotExists(), expr.Name("version").Eq(benchShard)))
			if err != nil {
				b.Fatal(err)
			}
			sinkStrings[0] = s
			sinkNames = bld.Names()
			_ = bld.Values()
		}
	})
	b.Run("PathsOnly", func(b *testing.B) {
		b.ReportAllocs()
		bld := expr.NewBuilder(nil)
		paths := []expr.Path{expr.Name("a"), expr.Name("b").Field("c"), expr.Name("d").Index(3), expr.Name("status")}
		for i := 0; i < b.N; i++ {
			bld.Reset(nil)
			s, err := bld.Projection(paths...)
			if err != nil {
				b.Fatal(err)
			}
			sinkStrings[0] = s
		}
	})
}
