package cost_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/schema/cost"
)

// Three entities that between them hold every kind of attribute value, a
// multi-attribute GSI with an INCLUDE projection, a local index projecting
// ALL, a sparse GSI projecting ALL, a KEYS_ONLY GSI and a GSI keyed by a
// number.

type capTicket struct {
	entity.Model `ddb:"table=cost-tickets,type=Ticket,project=ByAssignee:INCLUDE(title,tags)"`
	Org          string      `dynamodbav:"org" ddb:"pk"`
	ID           string      `dynamodbav:"id" ddb:"sk"`
	Assignee     string      `dynamodbav:"assignee,omitempty" ddb:"gsi=ByAssignee:pk1"`
	Status       string      `dynamodbav:"status" ddb:"gsi=ByAssignee:pk2"`
	Priority     int         `dynamodbav:"priority" ddb:"gsi=ByAssignee:sk1"`
	Created      time.Time   `dynamodbav:"created" ddb:"gsi=ByAssignee:sk2,lsi=ByCreated"`
	Title        string      `dynamodbav:"title"`
	Tags         []string    `dynamodbav:"tags,stringset,omitempty"`
	Body         string      `dynamodbav:"body"`
	Score        float64     `dynamodbav:"score"`
	Counts       []int64     `dynamodbav:"counts,numberset,omitempty"`
	Exact        json.Number `dynamodbav:"exact"`
	Updated      time.Time   `dynamodbav:"updated"`
}

type capPart struct {
	Name string
	N    float64
	Sub  map[string][]string
}

type capDoc struct {
	entity.Model `ddb:"table=cost-docs,type=Doc"`
	ID           string         `dynamodbav:"id" ddb:"pk"`
	Owner        *string        `dynamodbav:"owner,omitempty" ddb:"gsi=ByOwner:pk1"`
	Rev          int64          `dynamodbav:"rev" ddb:"gsi=ByOwner:sk1"`
	Blob         []byte         `dynamodbav:"blob,omitempty"`
	Blobs        [][]byte       `dynamodbav:"blobs,binaryset,omitempty"`
	Meta         map[string]any `dynamodbav:"meta"`
	Parts        []capPart      `dynamodbav:"parts"`
	Flag         bool           `dynamodbav:"flag"`
	Missing      *int           `dynamodbav:"missing"`
	Nums         []json.Number  `dynamodbav:"nums"`
}

type capEvent struct {
	entity.Model `ddb:"table=cost-events,project=ByKind:KEYS_ONLY,project=ByAmount:INCLUDE(note)"`
	Stream       string         `dynamodbav:"s" ddb:"pk"`
	Seq          int64          `dynamodbav:"q" ddb:"sk"`
	Kind         string         `dynamodbav:"k,omitempty" ddb:"gsi=ByKind:pk1"`
	At           int64          `dynamodbav:"at" ddb:"gsi=ByKind:sk1"`
	Amount       json.Number    `dynamodbav:"a,omitempty" ddb:"gsi=ByAmount:pk1"`
	Note         string         `dynamodbav:"note"`
	Data         map[string]any `dynamodbav:"d"`
	Payload      string         `dynamodbav:"p"`
}

// gen makes varied values: strings of one- to four-byte runes, numbers of
// 1 to 38 digits in every notation, nested documents.
type gen struct{ r *rand.Rand }

var runes = []string{"a", "Z", "0", " ", "-", "é", "ß", "Ж", "日", "本", "€", "😀", "𝄞"}

func (g gen) str(maxBytes int) string {
	var b strings.Builder
	n := g.r.IntN(maxBytes + 1)
	for b.Len() < n {
		s := runes[g.r.IntN(len(runes))]
		if b.Len()+len(s) > n {
			break
		}
		b.WriteString(s)
	}
	return b.String()
}

func (g gen) key() string { return "k" + g.str(40) }

// number is DynamoDB number text with 1 to 38 significant digits, in plain,
// fractional or exponent notation, within DynamoDB's range.
func (g gen) number() string {
	n := 1 + g.r.IntN(38)
	if g.r.IntN(3) == 0 {
		n = 1 + g.r.IntN(6)
	}
	digits := make([]byte, n)
	for i := range digits {
		digits[i] = byte('0' + g.r.IntN(10))
	}
	digits[0] = byte('1' + g.r.IntN(9))
	if g.r.IntN(3) == 0 {
		digits[n-1] = '0' // trailing zeros are not significant
	}
	var s string
	switch g.r.IntN(4) {
	case 0:
		s = string(digits)
	case 1: // a point somewhere inside
		p := g.r.IntN(n + 1)
		s = string(digits[:p]) + "." + string(digits[p:])
		if p == 0 {
			s = "0" + s
		}
		if p == n {
			s += "0"
		}
	case 2: // leading zeros after the point
		s = "0." + strings.Repeat("0", g.r.IntN(12)) + string(digits)
	default:
		s = string(digits[:1]) + "." + string(digits[1:]) + "E" + strconv.Itoa(g.r.IntN(200)-100)
		s = strings.Replace(s, ".E", "E", 1)
	}
	if g.r.IntN(3) == 0 {
		s = "-" + s
	}
	return s
}

func (g gen) float() float64 {
	switch g.r.IntN(4) {
	case 0:
		return float64(g.r.IntN(1000))
	case 1:
		return g.r.NormFloat64() * math.Pow(10, float64(g.r.IntN(30)-15))
	case 2:
		return math.Round(g.r.Float64()*1e4) / 100
	}
	return -g.r.ExpFloat64() * 1e6
}

func (g gen) any(depth int) any {
	k := g.r.IntN(8)
	if depth <= 0 && k >= 5 {
		k = g.r.IntN(5)
	}
	switch k {
	case 0:
		return g.str(30)
	case 1:
		return g.float()
	case 2:
		return g.r.IntN(2) == 0
	case 3:
		return nil
	case 4:
		return float64(g.r.Int64N(1 << 50))
	case 5:
		l := make([]any, g.r.IntN(4))
		for i := range l {
			l[i] = g.any(depth - 1)
		}
		return l
	}
	return g.doc(depth - 1)
}

func (g gen) doc(depth int) map[string]any {
	m := map[string]any{}
	for range g.r.IntN(5) {
		m["k"+g.str(8)] = g.any(depth)
	}
	return m
}

func (g gen) time() time.Time {
	return time.Unix(1_600_000_000+g.r.Int64N(200_000_000), g.r.Int64N(1e9)*int64(g.r.IntN(2))).UTC()
}

func (g gen) ticket(i int) *capTicket {
	t := &capTicket{
		Org: "org-" + strconv.Itoa(i%7), ID: fmt.Sprintf("t-%04d-%s", i, g.str(10)),
		Status: []string{"open", "pending", "closed"}[g.r.IntN(3)], Priority: g.r.IntN(5) + 1,
		Created: g.time(), Title: g.str(80), Body: g.str(1500), Score: g.float(),
		Exact: json.Number(g.number()), Updated: g.time(),
	}
	if g.r.IntN(4) != 0 {
		t.Assignee = g.key()
	}
	seen := map[string]bool{}
	for range g.r.IntN(5) {
		if s := g.str(12); !seen[s] {
			seen[s] = true
			t.Tags = append(t.Tags, s)
		}
	}
	for j := range g.r.IntN(4) {
		t.Counts = append(t.Counts, int64(j)*g.r.Int64N(1<<40)+int64(j))
	}
	return t
}

func (g gen) doc2(i int) *capDoc {
	d := &capDoc{ID: fmt.Sprintf("d-%04d", i), Rev: g.r.Int64N(1 << 62), Meta: g.doc(3), Flag: g.r.IntN(2) == 0}
	if g.r.IntN(3) != 0 {
		o := g.key()
		d.Owner = &o
	}
	if n := g.r.IntN(1300); n > 0 {
		d.Blob = make([]byte, n)
		for j := range d.Blob {
			d.Blob[j] = byte(g.r.IntN(256))
		}
	}
	for j := range g.r.IntN(3) {
		d.Blobs = append(d.Blobs, []byte{byte(j), byte(g.r.IntN(256)), 7})
	}
	for range g.r.IntN(3) {
		p := capPart{Name: g.str(20), N: g.float(), Sub: map[string][]string{}}
		for range g.r.IntN(3) {
			p.Sub["s"+g.str(5)] = []string{g.str(10), g.str(3)}
		}
		d.Parts = append(d.Parts, p)
	}
	for range g.r.IntN(5) {
		d.Nums = append(d.Nums, json.Number(g.number()))
	}
	return d
}

func (g gen) event(i int) *capEvent {
	e := &capEvent{Stream: "s-" + strconv.Itoa(i%5), Seq: g.r.Int64N(1 << 60), At: g.r.Int64N(1 << 40),
		Note: g.str(300), Data: g.doc(2), Payload: g.str(2500)}
	if g.r.IntN(3) != 0 {
		e.Kind = []string{"created", "paid", "shipped", "日本"}[g.r.IntN(4)]
	}
	if g.r.IntN(2) == 0 {
		e.Amount = json.Number(g.number())
	}
	return e
}

type capClient struct {
	t      *testing.T
	client *dynamodb.Client
	table  string
	model  *cost.Model
}

func consumed(cc *types.ConsumedCapacity) (table float64, indexes map[string]float64) {
	indexes = map[string]float64{}
	if cc == nil {
		return 0, indexes
	}
	if cc.Table != nil {
		table = aws.ToFloat64(cc.Table.CapacityUnits)
	}
	for name, c := range cc.GlobalSecondaryIndexes {
		indexes[name] = aws.ToFloat64(c.CapacityUnits)
	}
	for name, c := range cc.LocalSecondaryIndexes {
		indexes[name] = aws.ToFloat64(c.CapacityUnits)
	}
	return table, indexes
}

// check compares what DynamoDB consumed with the model's write.
func (c *capClient) check(what string, cc *types.ConsumedCapacity, want cost.Write) bool {
	c.t.Helper()
	table, got := consumed(cc)
	wantIx := map[string]float64{}
	for _, ix := range want.Indexes {
		wantIx[ix.Index] = ix.Units
	}
	if table != want.Table || !maps.Equal(got, wantIx) {
		c.t.Errorf("%s: DynamoDB consumed table %v, indexes %v; model says table %v, indexes %v", what, table, got, want.Table, wantIx)
		return false
	}
	return true
}

func (c *capClient) put(what string, item cost.Item, before cost.Item) bool {
	c.t.Helper()
	out, err := c.client.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: &c.table, Item: item,
		ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes})
	if err != nil {
		c.t.Fatalf("%s: %v", what, err)
	}
	return c.check(what, out.ConsumedCapacity, c.model.Write(before, item))
}

func (c *capClient) delete(what string, item cost.Item) bool {
	c.t.Helper()
	out, err := c.client.DeleteItem(context.Background(), &dynamodb.DeleteItemInput{TableName: &c.table,
		Key: model.Of(c.model.Meta()).KeyOf(item), ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes})
	if err != nil {
		c.t.Fatalf("%s: %v", what, err)
	}
	return c.check(what, out.ConsumedCapacity, c.model.Write(item, nil))
}

// padTo returns item with a padding attribute making its size exactly
// size bytes (size must leave room for the padding's name).
func padTo(item cost.Item, size int, m *cost.Model) cost.Item {
	out := maps.Clone(item)
	n := size - m.ItemSize(item) - len("zz")
	out["zz"] = &types.AttributeValueMemberS{Value: strings.Repeat("x", n)}
	return out
}

// checkItem writes item as a new item, deletes it, and then writes it
// padded to exactly the next kilobyte boundary and to one byte past it:
// DynamoDB must charge k units for the first and k+1 for the second, which
// holds only if the model's size of the item is exact to the byte.
func (c *capClient) checkItem(name string, item cost.Item) bool {
	c.t.Helper()
	ok := c.put(name+": put", item, nil)
	ok = c.delete(name+": delete", item) && ok
	size := c.model.ItemSize(item) + len("zz")
	boundary := (size + cost.WriteUnitBytes - 1) / cost.WriteUnitBytes * cost.WriteUnitBytes
	exact := padTo(item, boundary, c.model)
	if c.model.Write(nil, exact).Table != float64(boundary/cost.WriteUnitBytes) {
		c.t.Fatalf("%s: padding to %d bytes went wrong", name, boundary)
	}
	ok = c.put(name+fmt.Sprintf(": padded to %d bytes", boundary), exact, nil) && ok
	ok = c.delete(name+": delete padded", exact) && ok
	over := padTo(item, boundary+1, c.model)
	ok = c.put(name+fmt.Sprintf(": padded to %d bytes", boundary+1), over, nil) && ok
	ok = c.delete(name+": delete padded", over) && ok
	return ok
}

func newCapClient[T any](t *testing.T, client *dynamodb.Client, base string) (*capClient, *entity.Meta) {
	meta := entity.MustRegister[T]()
	table := dynamotest.TableName(t, base)
	dynamotest.DeleteTableOnCleanup(t, client, table)
	if _, err := schema.CreateTable(context.Background(), client, table, meta); err != nil {
		t.Fatal(err)
	}
	m, err := cost.New(meta)
	if err != nil {
		t.Fatal(err)
	}
	return &capClient{t: t, client: client, table: table, model: m}, meta
}

// Item sizes and write units equal DynamoDB's ConsumedCapacity, table and
// every index, for 240 generated items of three entities; sizes are exact
// to the byte (see checkItem).
func TestWriteUnitsMatchDynamoDB(t *testing.T) {
	client := dynamotest.Client(t)
	g := gen{rand.New(rand.NewPCG(13, 2026))}
	const perEntity = 80
	checked, crossing, indexWrites := 0, 0, 0
	run := func(c *capClient, meta *entity.Meta, make func(int) any) {
		for i := range perEntity {
			v := make(i)
			item, err := model.Of(meta).EncodeItem(c.table, v)
			if err != nil {
				t.Fatalf("%s %d: %v", meta.TypeName(), i, err)
			}
			if !c.checkItem(fmt.Sprintf("%s %d", meta.TypeName(), i), item) {
				t.Logf("item: %v", item)
				return
			}
			checked++
			if c.model.ItemSize(item) > cost.WriteUnitBytes {
				crossing++
			}
			indexWrites += len(c.model.Write(nil, item).Indexes)
		}
	}
	tickets, tm := newCapClient[capTicket](t, client, "cost-tickets")
	run(tickets, tm, func(i int) any { return g.ticket(i) })
	docs, dm := newCapClient[capDoc](t, client, "cost-docs")
	run(docs, dm, func(i int) any { return g.doc2(i) })
	events, em := newCapClient[capEvent](t, client, "cost-events")
	run(events, em, func(i int) any { return g.event(i) })
	if checked < 3*perEntity {
		return
	}
	t.Logf("%d items checked against ConsumedCapacity (each at its own size and padded to both sides of a kilobyte boundary); %d over 1 KB unpadded; %d index entries written", checked, crossing, indexWrites)
	if crossing < 20 || indexWrites < 200 {
		t.Errorf("the generator is too narrow: %d items over 1 KB, %d index writes", crossing, indexWrites)
	}
}

// Replacing and updating items: index keys changed (delete + put), items
// moving in and out of sparse indexes, projected and unprojected
// attributes changed, unchanged entries not rewritten.
func TestReplaceUnitsMatchDynamoDB(t *testing.T) {
	client := dynamotest.Client(t)
	g := gen{rand.New(rand.NewPCG(7, 11))}
	c, meta := newCapClient[capTicket](t, client, "cost-replace")
	changes := []struct {
		name   string
		change func(*capTicket)
	}{
		{"status (a key of ByAssignee)", func(x *capTicket) { x.Status = x.Status + "x" }},
		{"assignee removed (leaves ByAssignee)", func(x *capTicket) { x.Assignee = "" }},
		{"assignee set", func(x *capTicket) { x.Assignee = "someone" }},
		{"title (projected into ByAssignee)", func(x *capTicket) { x.Title += "!" }},
		{"body (not projected into ByAssignee)", func(x *capTicket) { x.Body = g.str(2000) }},
		{"created (key of both indexes)", func(x *capTicket) { x.Created = x.Created.Add(time.Second) }},
		{"nothing", func(x *capTicket) {}},
		{"exact (same number written differently)", func(x *capTicket) { x.Exact = "1.50"; x.Score = 2 }},
	}
	n := 0
	for i := range 40 {
		for _, ch := range changes {
			before := g.ticket(1000 + i)
			before.ID = fmt.Sprintf("r-%d-%d", i, n)
			n++
			if ch.name == "exact (same number written differently)" {
				before.Exact, before.Score = "1.5", 2
			}
			bItem, err := model.Of(meta).EncodeItem(c.table, before)
			if err != nil {
				t.Fatal(err)
			}
			c.put("put", bItem, nil)
			after := *before
			ch.change(&after)
			aItem, err := model.Of(meta).EncodeItem(c.table, &after)
			if err != nil {
				t.Fatal(err)
			}
			if !c.put(fmt.Sprintf("replace %d changing %s", i, ch.name), aItem, bItem) {
				return
			}
		}
	}
	t.Logf("%d replacing puts checked", n)
}

// Read units of GetItem (eventual, strong), TransactGetItems and Query
// pages on the table and on indexes, and write units inside
// TransactWriteItems, equal DynamoDB's ConsumedCapacity.
func TestReadAndTransactionUnitsMatchDynamoDB(t *testing.T) {
	client := dynamotest.Client(t)
	ctx := context.Background()
	g := gen{rand.New(rand.NewPCG(3, 4))}
	c, meta := newCapClient[capTicket](t, client, "cost-reads")
	sizes := []int{0, 4095, 4096, 4097, 8192, 8193, 12000}
	var items []cost.Item
	for i := range 35 {
		tk := g.ticket(i)
		tk.Org = "org-reads"
		tk.Assignee, tk.Status = "ana", "open"
		item, err := model.Of(meta).EncodeItem(c.table, tk)
		if err != nil {
			t.Fatal(err)
		}
		if s := sizes[i%len(sizes)]; s > c.model.ItemSize(item)+2 {
			item = padTo(item, s, c.model)
		}
		items = append(items, item)
		out, err := client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
			TransactItems:          []types.TransactWriteItem{{Put: &types.Put{TableName: &c.table, Item: item}}},
			ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.ConsumedCapacity) != 1 || !c.check(fmt.Sprintf("transactional put %d", i), &out.ConsumedCapacity[0], c.model.Write(nil, item).Transactional()) {
			return
		}
	}
	for i, item := range items {
		for _, strong := range []bool{false, true} {
			out, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: &c.table, Key: model.Of(meta).KeyOf(item),
				ConsistentRead: aws.Bool(strong), ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
			if err != nil {
				t.Fatal(err)
			}
			consistency := cost.Eventual
			if strong {
				consistency = cost.Strong
			}
			want, err := c.model.Get(item, consistency)
			if err != nil {
				t.Fatal(err)
			}
			if got := aws.ToFloat64(out.ConsumedCapacity.CapacityUnits); got != want {
				t.Errorf("get %d (%d bytes, %s): DynamoDB consumed %v, model says %v", i, c.model.ItemSize(item), consistency, got, want)
			}
		}
		out, err := client.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{
			TransactItems:          []types.TransactGetItem{{Get: &types.Get{TableName: &c.table, Key: model.Of(meta).KeyOf(item)}}},
			ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
		if err != nil {
			t.Fatal(err)
		}
		want, _ := c.model.Get(item, cost.Transactional)
		if got := aws.ToFloat64(out.ConsumedCapacity[0].CapacityUnits); got != want {
			t.Errorf("transactional get %d: DynamoDB consumed %v, model says %v", i, got, want)
		}
	}
	// Query pages of 1 to 35 items, on the table and on the indexes.
	queries := []struct {
		index string
		cond  string
		vals  map[string]types.AttributeValue
	}{
		{"", "org = :o", map[string]types.AttributeValue{":o": &types.AttributeValueMemberS{Value: "org-reads"}}},
		{"ByCreated", "org = :o", map[string]types.AttributeValue{":o": &types.AttributeValueMemberS{Value: "org-reads"}}},
		{"ByAssignee", "assignee = :a AND #s = :s", map[string]types.AttributeValue{
			":a": &types.AttributeValueMemberS{Value: "ana"}, ":s": &types.AttributeValueMemberS{Value: "open"}}},
	}
	pages := 0
	for _, q := range queries {
		for _, limit := range []int32{1, 2, 3, 5, 8, 13, 35} {
			in := &dynamodb.QueryInput{TableName: &c.table, KeyConditionExpression: &q.cond, ExpressionAttributeValues: q.vals,
				Limit: aws.Int32(limit), ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal}
			if q.index != "" {
				in.IndexName = aws.String(q.index)
			}
			if strings.Contains(q.cond, "#s") {
				in.ExpressionAttributeNames = map[string]string{"#s": "status"}
			}
			out, err := client.Query(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			// The page's items, as stored in the table, found by key.
			var got []cost.Item
			for _, it := range out.Items {
				key := model.Of(meta).KeyOf(it)
				i := slices.IndexFunc(items, func(x cost.Item) bool { return maps.EqualFunc(model.Of(meta).KeyOf(x), key, sameS) })
				got = append(got, items[i])
			}
			want, err := c.model.QueryPage(q.index, got, cost.Eventual)
			if err != nil {
				t.Fatal(err)
			}
			if used := aws.ToFloat64(out.ConsumedCapacity.CapacityUnits); used != want {
				t.Errorf("query %q on %q, %d items: DynamoDB consumed %v, model says %v", q.cond, q.index, len(got), used, want)
			}
			pages++
		}
	}
	t.Logf("%d items: transactional puts, gets (eventual, strong, transactional) and %d query pages checked", len(items), pages)
}

func sameS(a, b types.AttributeValue) bool {
	x, ok1 := a.(*types.AttributeValueMemberS)
	y, ok2 := b.(*types.AttributeValueMemberS)
	return ok1 && ok2 && x.Value == y.Value
}
