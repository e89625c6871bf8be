package bench

import (
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/txn"
	"github.com/dynamodel/dynamodel/update"
)

// The request-building benchmarks build the same DynamoDB request with
// dynamodel's builders and with the SDK's expression package (by hand with
// attributevalue for transaction items), without sending it. Each
// iteration builds the whole request from scratch: the builder, the
// expressions, the placeholder maps and the input struct.
//
// The requests are the same in substance (TestBuildRequestsAgree checks
// it), with what dynamodel adds by design:
//
//   - a Query's projection also reads the key attributes of the table and
//     of the index, and the schema version attribute "_v" (cursors and
//     decoding need them);
//   - an Update is also conditioned on the item existing
//     (attribute_exists on the partition key) and being at the model's
//     schema version, and it sets "_v";
//   - a transaction validates every item and update value, writes "_v"
//     with each Put, adds the same conditions to each Update, and sets a
//     client request token (the SDK fills one in only when the request is
//     sent).

var (
	sinkQuery  *dynamodb.QueryInput
	sinkUpdate *dynamodb.UpdateItemInput
	sinkTxn    *dynamodb.TransactWriteItemsInput
)

// The query: shipments of one tenant, origin and carrier on one day, in
// slots 8 to 12, weighing over 2.5 and labelled fragile; four attributes
// read.
var projected = []string{"status", "weight", "labels", "note"}

func dynamodelQuery(shipments *entity.Table[Shipment]) (*dynamodb.QueryInput, error) {
	return query.New(shipments).Index(shipmentIndex).
		Where(
			query.Attr("tenant").Eq("acme"),
			query.Attr("origin").Eq("AMS"),
			query.Attr("carrier").Eq("dhl"),
			query.Attr("day").Eq("2024-05-17"),
			query.Attr("slot").Between(8, 12),
		).
		Filter(cond.And(cond.Name("weight").Gt(2.5), cond.Name("labels").Contains("fragile"))).
		Project(projected...).
		Input()
}

func sdkQuery() (*dynamodb.QueryInput, error) {
	key := expression.KeyAnd(
		expression.Key("tenant").Equal(expression.Value("acme")),
		expression.Key("origin").Equal(expression.Value("AMS")),
		expression.Key("carrier").Equal(expression.Value("dhl")),
		expression.Key("day").Equal(expression.Value("2024-05-17")),
		expression.Key("slot").Between(expression.Value(8), expression.Value(12)),
	)
	filter := expression.Name("weight").GreaterThan(expression.Value(2.5)).
		And(expression.Name("labels").Contains("fragile"))
	proj := expression.NamesList(expression.Name(projected[0]), expression.Name(projected[1]),
		expression.Name(projected[2]), expression.Name(projected[3]))
	expr, err := expression.NewBuilder().WithKeyCondition(key).WithFilter(filter).WithProjection(proj).Build()
	if err != nil {
		return nil, err
	}
	return &dynamodb.QueryInput{
		TableName:                 aws.String(shipmentTable),
		IndexName:                 aws.String(shipmentIndex),
		KeyConditionExpression:    expr.KeyCondition(),
		FilterExpression:          expr.Filter(),
		ProjectionExpression:      expr.Projection(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}, nil
}

// The update: six actions on one shipment, if it has had fewer than five
// attempts.
var pickedEvents = []Event{{Code: "picked", At: "2024-05-17T08:14:00Z"}}

func dynamodelUpdate(shipments *entity.Table[Shipment]) (*dynamodb.UpdateItemInput, error) {
	return update.New(shipments, entity.NewKey("s-1001")).
		Set(cond.Name("status"), "in_transit").
		Increment(cond.Name("attempts"), 1).
		Append(cond.Name("events"), pickedEvents).
		Remove(cond.Name("note")).
		Add(cond.Name("scans"), 1).
		DeleteFromSet(cond.Name("labels"), []string{"hold"}).
		If(cond.Name("attempts").Lt(5)).
		Input()
}

func sdkUpdate() (*dynamodb.UpdateItemInput, error) {
	upd := expression.Set(expression.Name("status"), expression.Value("in_transit")).
		Add(expression.Name("attempts"), expression.Value(1)).
		Set(expression.Name("events"), expression.ListAppend(
			expression.IfNotExists(expression.Name("events"), expression.Value([]Event{})), expression.Value(pickedEvents))).
		Remove(expression.Name("note")).
		Add(expression.Name("scans"), expression.Value(1)).
		Delete(expression.Name("labels"), expression.Value(&types.AttributeValueMemberSS{Value: []string{"hold"}}))
	expr, err := expression.NewBuilder().
		WithUpdate(upd).
		WithCondition(expression.Name("attempts").LessThan(expression.Value(5))).
		Build()
	if err != nil {
		return nil, err
	}
	return &dynamodb.UpdateItemInput{
		TableName:                 aws.String(shipmentTable),
		Key:                       map[string]types.AttributeValue{"shipmentId": &types.AttributeValueMemberS{Value: "s-1001"}},
		UpdateExpression:          expr.Update(),
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}, nil
}

// The transaction: ten operations over two tables. Four orders are put,
// three shipments are marked in transit if they are still open, two
// cancelled orders are deleted, and the transaction only happens if
// another shipment has not been delivered.
type txnFixture struct {
	puts      []Order
	updates   []string // shipment IDs
	deletes   []string // order IDs
	checkedID string   // shipment ID
}

func newTxnFixture() *txnFixture {
	f := &txnFixture{
		updates:   []string{"s-2001", "s-2002", "s-2003"},
		deletes:   []string{"o-3001", "o-3002"},
		checkedID: "s-2100",
	}
	for i := range 4 {
		o := sampleOrder()
		o.OrderID = fmt.Sprintf("o-%d", 1001+i)
		f.puts = append(f.puts, o)
	}
	return f
}

func dynamodelTransaction(f *txnFixture, shipments *entity.Table[Shipment], orders *entity.Table[Order]) (*dynamodb.TransactWriteItemsInput, error) {
	w := txn.NewWrite(buildOnly)
	for i := range f.puts {
		txn.Put(w, orders, &f.puts[i])
	}
	for _, id := range f.updates {
		txn.Update(w, update.New(shipments, entity.NewKey(id)).
			Set(cond.Name("status"), "in_transit").
			Increment(cond.Name("attempts"), 1).
			If(cond.Name("status").Eq("open")))
	}
	for _, id := range f.deletes {
		txn.Delete(w, orders, entity.NewKey(id)).If(cond.Name("status").Eq("cancelled"))
	}
	txn.Check(w, shipments, entity.NewKey(f.checkedID), cond.Name("status").Ne("delivered"))
	return w.Input()
}

func sdkTransaction(f *txnFixture) (*dynamodb.TransactWriteItemsInput, error) {
	items := make([]types.TransactWriteItem, 0, 10)
	for i := range f.puts {
		item, err := attributevalue.MarshalMap(&f.puts[i])
		if err != nil {
			return nil, err
		}
		items = append(items, types.TransactWriteItem{Put: &types.Put{TableName: aws.String(tableName), Item: item}})
	}
	for _, id := range f.updates {
		expr, err := expression.NewBuilder().
			WithUpdate(expression.Set(expression.Name("status"), expression.Value("in_transit")).
				Add(expression.Name("attempts"), expression.Value(1))).
			WithCondition(expression.Name("status").Equal(expression.Value("open"))).
			Build()
		if err != nil {
			return nil, err
		}
		items = append(items, types.TransactWriteItem{Update: &types.Update{
			TableName:                 aws.String(shipmentTable),
			Key:                       map[string]types.AttributeValue{"shipmentId": &types.AttributeValueMemberS{Value: id}},
			UpdateExpression:          expr.Update(),
			ConditionExpression:       expr.Condition(),
			ExpressionAttributeNames:  expr.Names(),
			ExpressionAttributeValues: expr.Values(),
		}})
	}
	for _, id := range f.deletes {
		expr, err := expression.NewBuilder().
			WithCondition(expression.Name("status").Equal(expression.Value("cancelled"))).
			Build()
		if err != nil {
			return nil, err
		}
		items = append(items, types.TransactWriteItem{Delete: &types.Delete{
			TableName:                 aws.String(tableName),
			Key:                       map[string]types.AttributeValue{"orderId": &types.AttributeValueMemberS{Value: id}},
			ConditionExpression:       expr.Condition(),
			ExpressionAttributeNames:  expr.Names(),
			ExpressionAttributeValues: expr.Values(),
		}})
	}
	expr, err := expression.NewBuilder().
		WithCondition(expression.Name("status").NotEqual(expression.Value("delivered"))).
		Build()
	if err != nil {
		return nil, err
	}
	items = append(items, types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{
		TableName:                 aws.String(shipmentTable),
		Key:                       map[string]types.AttributeValue{"shipmentId": &types.AttributeValueMemberS{Value: f.checkedID}},
		ConditionExpression:       expr.Condition(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	}})
	return &dynamodb.TransactWriteItemsInput{TransactItems: items}, nil
}

func BenchmarkBuildQuery(b *testing.B) {
	shipments, _ := buildTables(b)

	b.Run("dynamodel", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkQuery, sinkErr = dynamodelQuery(shipments)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	b.Run("expression", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkQuery, sinkErr = sdkQuery()
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
}

func BenchmarkBuildUpdate(b *testing.B) {
	shipments, _ := buildTables(b)

	b.Run("dynamodel", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkUpdate, sinkErr = dynamodelUpdate(shipments)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	b.Run("expression", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkUpdate, sinkErr = sdkUpdate()
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	// The validator calls dynamodel's update makes, alone (see
	// validator_alone_test.go).
	b.Run("validator", func(b *testing.B) {
		a := newValidatorAlone()
		b.ReportAllocs()
		defer reportCPU(b)()
		var written, appended error
		for b.Loop() {
			written, appended = a.update("in_transit", pickedEvents)
		}
		if written != nil || appended != nil {
			b.Fatal(written, appended)
		}
	})
}

func BenchmarkBuildTransaction(b *testing.B) {
	shipments, orders := buildTables(b)
	f := newTxnFixture()

	b.Run("dynamodel", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkTxn, sinkErr = dynamodelTransaction(f, shipments, orders)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkTxn, sinkErr = sdkTransaction(f)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
	// The validator calls dynamodel's transaction makes, alone (see
	// validator_alone_test.go).
	b.Run("validator", func(b *testing.B) {
		a := newValidatorAlone()
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			sinkErr = a.transaction(f)
		}
		if sinkErr != nil {
			b.Fatal(sinkErr)
		}
	})
}

// TestBuildRequestsAgree builds each pair of requests once and checks that
// they ask DynamoDB for the same thing once their placeholders are
// replaced by the names and values they stand for; what dynamodel adds by
// design is checked to be exactly that.
func TestBuildRequestsAgree(t *testing.T) {
	shipments, orders := buildTables(t)

	t.Run("query", func(t *testing.T) {
		ours, err := dynamodelQuery(shipments)
		if err != nil {
			t.Fatal(err)
		}
		sdk, err := sdkQuery()
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(ours.TableName) != aws.ToString(sdk.TableName) || aws.ToString(ours.IndexName) != aws.ToString(sdk.IndexName) {
			t.Errorf("table/index: dynamodel %s/%s, sdk %s/%s", aws.ToString(ours.TableName), aws.ToString(ours.IndexName),
				aws.ToString(sdk.TableName), aws.ToString(sdk.IndexName))
		}
		o := exprs{ours.ExpressionAttributeNames, ours.ExpressionAttributeValues}
		s := exprs{sdk.ExpressionAttributeNames, sdk.ExpressionAttributeValues}

		keyNames := []string{"carrier", "day", "origin", "slot", "tenant"}
		for side, e := range map[string]struct {
			x    exprs
			expr *string
		}{"dynamodel": {o, ours.KeyConditionExpression}, "sdk": {s, sdk.KeyConditionExpression}} {
			if got := e.x.namesIn(t, aws.ToString(e.expr)); !slices.Equal(got, keyNames) {
				t.Errorf("%s key condition names %v, want %v", side, got, keyNames)
			}
		}
		wantValues := []string{`N "12"`, `N "8"`, `S "2024-05-17"`, `S "AMS"`, `S "acme"`, `S "dhl"`}
		if got := o.valuesIn(t, aws.ToString(ours.KeyConditionExpression)); !slices.Equal(got, wantValues) {
			t.Errorf("dynamodel key condition values %v, want %v", got, wantValues)
		}
		if got := s.valuesIn(t, aws.ToString(sdk.KeyConditionExpression)); !slices.Equal(got, wantValues) {
			t.Errorf("sdk key condition values %v, want %v", got, wantValues)
		}
		sameExpr(t, "key condition", o, ours.KeyConditionExpression, s, sdk.KeyConditionExpression)
		sameExpr(t, "filter", o, ours.FilterExpression, s, sdk.FilterExpression)

		ourProj := o.projection(t, aws.ToString(ours.ProjectionExpression))
		sdkProj := s.projection(t, aws.ToString(sdk.ProjectionExpression))
		if !slices.Equal(sdkProj, sorted(projected)) {
			t.Errorf("sdk projection %v, want %v", sdkProj, sorted(projected))
		}
		extra := slices.DeleteFunc(slices.Clone(ourProj), func(a string) bool { return slices.Contains(sdkProj, a) })
		wantExtra := []string{entity.VersionAttribute, "carrier", "day", "origin", "shipmentId", "slot", "tenant"}
		if len(ourProj)-len(extra) != len(sdkProj) || !slices.Equal(extra, wantExtra) {
			t.Errorf("dynamodel projection %v: want the sdk's %v plus %v", ourProj, sdkProj, wantExtra)
		}
	})

	t.Run("update", func(t *testing.T) {
		ours, err := dynamodelUpdate(shipments)
		if err != nil {
			t.Fatal(err)
		}
		sdk, err := sdkUpdate()
		if err != nil {
			t.Fatal(err)
		}
		checkUpdate(t, ours, sdk, 6)
	})

	t.Run("transaction", func(t *testing.T) {
		f := newTxnFixture()
		ours, err := dynamodelTransaction(f, shipments, orders)
		if err != nil {
			t.Fatal(err)
		}
		sdk, err := sdkTransaction(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(ours.TransactItems) != 10 || len(sdk.TransactItems) != 10 {
			t.Fatalf("operations: dynamodel %d, sdk %d, want 10", len(ours.TransactItems), len(sdk.TransactItems))
		}
		for i := range ours.TransactItems {
			o, s := ours.TransactItems[i], sdk.TransactItems[i]
			switch {
			case o.Put != nil && s.Put != nil:
				if aws.ToString(o.Put.TableName) != aws.ToString(s.Put.TableName) {
					t.Errorf("op %d: tables %s and %s", i, aws.ToString(o.Put.TableName), aws.ToString(s.Put.TableName))
				}
				item := maps.Clone(o.Put.Item)
				delete(item, entity.VersionAttribute)
				if !reflect.DeepEqual(item, s.Put.Item) {
					t.Errorf("op %d: put items differ:\n dynamodel: %s\n sdk:       %s", i, dumpItem(item), dumpItem(s.Put.Item))
				}
			case o.Update != nil && s.Update != nil:
				checkUpdate(t,
					&dynamodb.UpdateItemInput{TableName: o.Update.TableName, Key: o.Update.Key, UpdateExpression: o.Update.UpdateExpression,
						ConditionExpression: o.Update.ConditionExpression, ExpressionAttributeNames: o.Update.ExpressionAttributeNames,
						ExpressionAttributeValues: o.Update.ExpressionAttributeValues},
					&dynamodb.UpdateItemInput{TableName: s.Update.TableName, Key: s.Update.Key, UpdateExpression: s.Update.UpdateExpression,
						ConditionExpression: s.Update.ConditionExpression, ExpressionAttributeNames: s.Update.ExpressionAttributeNames,
						ExpressionAttributeValues: s.Update.ExpressionAttributeValues},
					2)
			case o.Delete != nil && s.Delete != nil:
				sameTarget(t, i, o.Delete.TableName, o.Delete.Key, s.Delete.TableName, s.Delete.Key)
				containsExpr(t, fmt.Sprintf("op %d: delete condition", i),
					exprs{o.Delete.ExpressionAttributeNames, o.Delete.ExpressionAttributeValues}, o.Delete.ConditionExpression,
					exprs{s.Delete.ExpressionAttributeNames, s.Delete.ExpressionAttributeValues}, s.Delete.ConditionExpression)
			case o.ConditionCheck != nil && s.ConditionCheck != nil:
				sameTarget(t, i, o.ConditionCheck.TableName, o.ConditionCheck.Key, s.ConditionCheck.TableName, s.ConditionCheck.Key)
				sameExpr(t, fmt.Sprintf("op %d: check condition", i),
					exprs{o.ConditionCheck.ExpressionAttributeNames, o.ConditionCheck.ExpressionAttributeValues}, o.ConditionCheck.ConditionExpression,
					exprs{s.ConditionCheck.ExpressionAttributeNames, s.ConditionCheck.ExpressionAttributeValues}, s.ConditionCheck.ConditionExpression)
			default:
				t.Errorf("op %d: different kinds of operation:\n dynamodel: %+v\n sdk:       %+v", i, o, s)
			}
		}
	})
}

// checkUpdate checks that two UpdateItem requests update the same item
// with the same actions (dynamodel's less its SET of the schema version),
// and that dynamodel's condition holds the SDK's, ANDed with its own.
func checkUpdate(t *testing.T, ours, sdk *dynamodb.UpdateItemInput, actions int) {
	t.Helper()
	sameTarget(t, -1, ours.TableName, ours.Key, sdk.TableName, sdk.Key)
	o := exprs{ours.ExpressionAttributeNames, ours.ExpressionAttributeValues}
	s := exprs{sdk.ExpressionAttributeNames, sdk.ExpressionAttributeValues}

	ourActions := o.updateActions(t, aws.ToString(ours.UpdateExpression))
	sdkActions := s.updateActions(t, aws.ToString(sdk.UpdateExpression))
	version := `SET ` + entity.VersionAttribute + `=N"1"`
	if !slices.Contains(ourActions, version) {
		t.Errorf("dynamodel update does not set %s: %v", entity.VersionAttribute, ourActions)
	}
	ourActions = slices.DeleteFunc(ourActions, func(a string) bool { return a == version })
	if !slices.Equal(ourActions, sdkActions) {
		t.Errorf("update actions differ:\n dynamodel: %q\n sdk:       %q", ourActions, sdkActions)
	}
	if len(sdkActions) != actions {
		t.Errorf("%d actions, want %d: %q", len(sdkActions), actions, sdkActions)
	}
	ourPaths := o.namesIn(t, aws.ToString(ours.UpdateExpression))
	ourPaths = slices.DeleteFunc(ourPaths, func(a string) bool { return a == entity.VersionAttribute })
	if sdkPaths := s.namesIn(t, aws.ToString(sdk.UpdateExpression)); !slices.Equal(ourPaths, sdkPaths) || len(sdkPaths) != actions {
		t.Errorf("update paths: dynamodel %v, sdk %v, want %d", ourPaths, sdkPaths, actions)
	}

	containsExpr(t, "update condition", o, ours.ConditionExpression, s, sdk.ConditionExpression)
	ourCond := normal(o.resolve(t, aws.ToString(ours.ConditionExpression)))
	for _, own := range []string{"attribute_existsshipmentId", "attribute_not_exists" + entity.VersionAttribute} {
		if !strings.Contains(ourCond, own) {
			t.Errorf("dynamodel update condition %q lacks %s", ourCond, own)
		}
	}
}

func sameTarget(t *testing.T, op int, ourTable *string, ourKey map[string]types.AttributeValue, sdkTable *string, sdkKey map[string]types.AttributeValue) {
	t.Helper()
	if aws.ToString(ourTable) != aws.ToString(sdkTable) || !reflect.DeepEqual(ourKey, sdkKey) {
		t.Errorf("op %d: dynamodel targets %s %s, sdk %s %s", op,
			aws.ToString(ourTable), dumpItem(ourKey), aws.ToString(sdkTable), dumpItem(sdkKey))
	}
}

// exprs holds the placeholder maps of one request.
type exprs struct {
	names  map[string]string
	values map[string]types.AttributeValue
}

var placeholderRE = regexp.MustCompile(`[#:][A-Za-z0-9_]+`)

// resolve replaces every placeholder in expr by the name it stands for, or
// by the dump of the value.
func (x exprs) resolve(t *testing.T, expr string) string {
	t.Helper()
	return placeholderRE.ReplaceAllStringFunc(expr, func(p string) string {
		if p[0] == '#' {
			if n, ok := x.names[p]; ok {
				return n
			}
		} else if v, ok := x.values[p]; ok {
			return dumpValue(v)
		}
		t.Errorf("placeholder %s of %q is not defined", p, expr)
		return p
	})
}

// namesIn lists, sorted and without repeats, the names expr refers to.
func (x exprs) namesIn(t *testing.T, expr string) []string {
	t.Helper()
	var out []string
	for _, p := range placeholderRE.FindAllString(expr, -1) {
		if p[0] == '#' {
			out = append(out, x.resolve(t, p))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// valuesIn lists, sorted, the dumps of the values expr refers to.
func (x exprs) valuesIn(t *testing.T, expr string) []string {
	t.Helper()
	var out []string
	for _, p := range placeholderRE.FindAllString(expr, -1) {
		if p[0] == ':' {
			out = append(out, x.resolve(t, p))
		}
	}
	slices.Sort(out)
	return out
}

// projection lists, sorted, the attributes a projection expression reads.
func (x exprs) projection(t *testing.T, expr string) []string {
	t.Helper()
	var out []string
	for _, a := range strings.Split(x.resolve(t, expr), ",") {
		out = append(out, strings.TrimSpace(a))
	}
	return sorted(out)
}

// updateActions lists, sorted, the actions of an update expression, each
// as its clause word and the action resolved and normalised.
func (x exprs) updateActions(t *testing.T, expr string) []string {
	t.Helper()
	var out []string
	clause := ""
	var body []string
	flush := func() {
		if clause == "" {
			return
		}
		for _, a := range splitTopLevel(strings.Join(body, " ")) {
			out = append(out, clause+" "+normal(x.resolve(t, a)))
		}
	}
	for _, word := range strings.Fields(expr) {
		switch word {
		case "SET", "REMOVE", "ADD", "DELETE":
			flush()
			clause, body = word, nil
		default:
			body = append(body, word)
		}
	}
	flush()
	return sorted(out)
}

// splitTopLevel splits s at the commas outside parentheses.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// normal drops spaces and parentheses: the expression builders differ in
// both (the SDK's parenthesises every operand of AND) without a difference
// in meaning for the expressions compared here.
func normal(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '(', ')':
			return -1
		}
		return r
	}, s)
}

func sameExpr(t *testing.T, what string, o exprs, ours *string, s exprs, sdk *string) {
	t.Helper()
	a, b := normal(o.resolve(t, aws.ToString(ours))), normal(s.resolve(t, aws.ToString(sdk)))
	if a == "" || a != b {
		t.Errorf("%s differs:\n dynamodel: %s\n sdk:       %s", what, a, b)
	}
}

// containsExpr checks that dynamodel's expression holds the SDK's (ANDed
// with conditions of its own).
func containsExpr(t *testing.T, what string, o exprs, ours *string, s exprs, sdk *string) {
	t.Helper()
	a, b := normal(o.resolve(t, aws.ToString(ours))), normal(s.resolve(t, aws.ToString(sdk)))
	if b == "" || !strings.Contains(a, b) {
		t.Errorf("%s: dynamodel's does not hold the sdk's:\n dynamodel: %s\n sdk:       %s", what, a, b)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// BenchmarkBuildPaired builds each request with dynamodel and with the SDK
// alternately in one loop (see paired), so that both sides see the same
// machine at the same moment: the ratio is steadier than one taken from
// two benchmarks run one after the other on a shared machine.
func BenchmarkBuildPaired(b *testing.B) {
	shipments, orders := buildTables(b)
	f := newTxnFixture()
	b.Run("Query", func(b *testing.B) {
		paired(b,
			func() (err error) { sinkQuery, err = dynamodelQuery(shipments); return err },
			func() (err error) { sinkQuery, err = sdkQuery(); return err })
	})
	b.Run("Update", func(b *testing.B) {
		paired(b,
			func() (err error) { sinkUpdate, err = dynamodelUpdate(shipments); return err },
			func() (err error) { sinkUpdate, err = sdkUpdate(); return err })
	})
	b.Run("Transaction", func(b *testing.B) {
		paired(b,
			func() (err error) { sinkTxn, err = dynamodelTransaction(f, shipments, orders); return err },
			func() (err error) { sinkTxn, err = sdkTransaction(f); return err })
	})
}

// buildOnly is the client of transactions that are built, never sent.
var buildOnly entity.Client = (*dynamodb.Client)(nil)
