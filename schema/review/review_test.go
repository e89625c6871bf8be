package review_test

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema/cost"
	"github.com/dynamodel/dynamodel/schema/review"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (rerun with -update after checking):\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

// A single table where users, their orders and their payment methods share
// the partition key USER#{UserID}.
type User struct {
	entity.Model `ddb:"table=app,type=User"`
	PK           string `dynamodbav:"PK" ddb:"pk,template=USER#{UserID}"`
	SK           string `dynamodbav:"SK" ddb:"sk,template=PROFILE#{UserID}"`
	UserID       string `dynamodbav:"userId" validate:"required"`
	Name         string `dynamodbav:"name"`
}

type Order struct {
	entity.Model `ddb:"table=app,type=Order"`
	PK           string `dynamodbav:"PK" ddb:"pk,template=USER#{UserID}"`
	SK           string `dynamodbav:"SK" ddb:"sk,template=ORDER#{OrderID}"`
	UserID       string `dynamodbav:"userId" validate:"required"`
	OrderID      string `dynamodbav:"orderId" validate:"required"`
}

type PaymentMethod struct {
	entity.Model `ddb:"table=app,type=Payment"`
	PK           string `dynamodbav:"PK" ddb:"pk,template=USER#{UserID}"`
	SK           string `dynamodbav:"SK" ddb:"sk,template=CARD#{Number}"`
	UserID       string `dynamodbav:"userId" validate:"required"`
	Number       int    `dynamodbav:"-"`
}

// A ticket with one of each mistake.
type Ticket struct {
	entity.Model `ddb:"table=tickets,type=Ticket"`
	Org          string            `dynamodbav:"org" ddb:"pk,gsi=ByOrg:pk1"`
	Seq          int               `dynamodbav:"seq,string" ddb:"sk"`
	Status       string            `dynamodbav:"status" ddb:"gsi=ByStatus:pk1" validate:"oneof=open pending closed"`
	Assignee     string            `dynamodbav:"assignee,omitempty" ddb:"gsi=ByAssignee:pk1" validate:"required"`
	Urgent       string            `dynamodbav:"urgent,omitempty" ddb:"gsi=Urgent:pk1"`
	Created      time.Time         `dynamodbav:"created" ddb:"gsi=ByStatus:sk1,gsi=Urgent:sk1,gsi=ByOrg:sk1,lsi=ByCreated"`
	Due          string            `dynamodbav:"due" ddb:"gsi=ByAssignee:sk1" validate:"datetime=2006-01-02T15:04:05Z07:00"`
	Title        string            `dynamodbav:"title"`
	Body         string            `dynamodbav:"body"`
	Labels       map[string]string `dynamodbav:"labels"`
}

// A model with nothing to report: natural multi-attribute keys, a narrow
// projection, every key required.
type Clean struct {
	entity.Model `ddb:"table=clean,project=ByAssignee:INCLUDE(total)"`
	OrderID      string    `dynamodbav:"orderId" ddb:"pk"`
	WarehouseID  string    `dynamodbav:"warehouseId" ddb:"gsi=ByAssignee:pk1" validate:"required"`
	AssigneeID   string    `dynamodbav:"assigneeId" ddb:"gsi=ByAssignee:pk2" validate:"required"`
	Status       string    `dynamodbav:"status" ddb:"gsi=ByAssignee:pk3" validate:"oneof=open picked shipped"`
	Priority     int       `dynamodbav:"priority" ddb:"gsi=ByAssignee:sk1" validate:"min=1,max=5"`
	CreatedAt    time.Time `dynamodbav:"createdAt" ddb:"gsi=ByAssignee:sk2"`
	Total        float64   `dynamodbav:"total"`
}

var (
	userMeta    = entity.MustRegister[User]()
	orderMeta   = entity.MustRegister[Order]()
	paymentMeta = entity.MustRegister[PaymentMethod]()
	ticketMeta  = entity.MustRegister[Ticket]()
	cleanMeta   = entity.MustRegister[Clean]()
	all         = []*entity.Meta{userMeta, orderMeta, paymentMeta, ticketMeta, cleanMeta}
)

func TestReviewGolden(t *testing.T) {
	r, err := review.Review(all,
		review.ReadTogether(userMeta, orderMeta),
		review.Share(ticketMeta, "Urgent", 0.005),
		review.SilenceIndex(ticketMeta, review.OmitEmptyKey, "Urgent", "urgent tickets are the only ones in Urgent: sparse on purpose"),
		review.Silence(ticketMeta, review.LocalIndex, "ByCreated is read strongly consistent by the audit job"),
		review.Silence(cleanMeta, review.WideProjection, "kept from an older design"),
	)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "review.txt", r.String())
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "review.json", string(js)+"\n")

	// Every code is found once the silences are gone.
	r, err = review.Review(all, review.Share(ticketMeta, "Urgent", 0.005))
	if err != nil {
		t.Fatal(err)
	}
	var codes []review.Code
	for _, f := range r.Findings {
		if !slices.Contains(codes, f.Code) {
			codes = append(codes, f.Code)
		}
	}
	for _, c := range review.Codes {
		if c == review.SparseNearlyFull || slices.Contains(codes, c) {
			continue
		}
		t.Errorf("no %s finding in %v", c, codes)
	}
}

func TestCleanModel(t *testing.T) {
	r, err := review.Review([]*entity.Meta{cleanMeta})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Clean() {
		t.Fatalf("findings on a clean model:\n%s", r)
	}
	golden(t, "clean.txt", r.String())
}

// Declared expectations change what is found: many values for a partition
// attribute clears the hot partition; a share near one reports a sparse
// index holding almost everything.
func TestExpectations(t *testing.T) {
	has := func(r *review.Report, code review.Code, index string) bool {
		return slices.ContainsFunc(r.Findings, func(f review.Finding) bool { return f.Code == code && f.Index == index })
	}
	r, err := review.Review([]*entity.Meta{ticketMeta}, review.Values(ticketMeta, "status", 5000))
	if err != nil {
		t.Fatal(err)
	}
	if has(r, review.HotPartition, "ByStatus") {
		t.Error("a partition attribute declared with 5000 values is still hot")
	}
	r, err = review.Review([]*entity.Meta{ticketMeta}, review.Share(ticketMeta, "Urgent", 0.95))
	if err != nil {
		t.Fatal(err)
	}
	if !has(r, review.SparseNearlyFull, "Urgent") || has(r, review.SparseNearlyEmpty, "Urgent") {
		t.Errorf("share 0.95 on Urgent:\n%s", r)
	}
	r, err = review.Review([]*entity.Meta{ticketMeta}, review.MaxPartitionValues(2))
	if err != nil {
		t.Fatal(err)
	}
	if has(r, review.HotPartition, "ByStatus") {
		t.Error("3 values reported hot with MaxPartitionValues(2)")
	}
	// Reading the payment methods with the users clears the last kitchen
	// sink finding.
	r, err = review.Review([]*entity.Meta{userMeta, orderMeta, paymentMeta},
		review.ReadTogether(userMeta, orderMeta), review.ReadTogether(paymentMeta, userMeta))
	if err != nil {
		t.Fatal(err)
	}
	if has(r, review.KitchenSink, "") {
		t.Errorf("kitchen sink with every type read together:\n%s", r)
	}
}

// TestOptionRefusals: every refused option is a *review.Error matching
// entity.ErrInvalidInput, naming the entity, index, attribute and code
// concerned and the rule broken.
func TestOptionRefusals(t *testing.T) {
	other := entity.MustRegister[struct {
		entity.Model `ddb:"table=other"`
		ID           string `dynamodbav:"id" ddb:"pk"`
	}]()
	type want struct {
		entity, index, attr string
		code                review.Code
		rule                entity.Rule
	}
	cases := []struct {
		name string
		opt  review.Option
		want want
	}{
		{"silence without reason", review.Silence(ticketMeta, review.LocalIndex, ""), want{"Ticket", "", "", review.LocalIndex, review.RuleNoReason}},
		{"unknown code", review.Silence(ticketMeta, "NOPE", "why"), want{"Ticket", "", "", "NOPE", review.RuleUnknownCode}},
		{"silence of an unknown index", review.SilenceIndex(ticketMeta, review.LocalIndex, "Nope", "why"), want{"Ticket", "Nope", "", review.LocalIndex, review.RuleUnknownIndex}},
		{"SilenceIndex without index", review.SilenceIndex(ticketMeta, review.LocalIndex, "", "why"), want{"Ticket", "", "", review.LocalIndex, entity.RuleInvalidArgument}},
		{"entity not reviewed", review.Silence(other, review.LocalIndex, "why"), want{other.TypeName(), "", "", review.LocalIndex, review.RuleNotReviewed}},
		{"silence of no model", review.Silence(nil, review.LocalIndex, "why"), want{"", "", "", review.LocalIndex, entity.RuleInvalidArgument}},
		{"values of an unknown attribute", review.Values(ticketMeta, "nope", 3), want{"Ticket", "", "nope", "", entity.RuleUnknownPath}},
		{"values of an entity not reviewed", review.Values(other, "id", 3), want{other.TypeName(), "", "id", "", review.RuleNotReviewed}},
		{"no values", review.Values(ticketMeta, "status", 0), want{"Ticket", "", "status", "", review.RuleOutOfRange}},
		{"share over one", review.Share(ticketMeta, "Urgent", 1.5), want{"Ticket", "Urgent", "", "", review.RuleOutOfRange}},
		{"share of an unknown index", review.Share(ticketMeta, "Nope", 0.5), want{"Ticket", "Nope", "", "", review.RuleUnknownIndex}},
		{"sample of an entity not reviewed", review.Sample(other, nil), want{other.TypeName(), "", "", "", review.RuleNotReviewed}},
		{"read together alone", review.ReadTogether(userMeta), want{"", "", "", "", review.RuleReadTogether}},
		{"read together across tables", review.ReadTogether(userMeta, ticketMeta), want{"Ticket", "", "", "", review.RuleReadTogether}},
		{"read together with an entity not reviewed", review.ReadTogether(userMeta, other), want{other.TypeName(), "", "", "", review.RuleNotReviewed}},
		{"bad threshold", review.MaxPartitionValues(0), want{"", "", "", "", review.RuleOutOfRange}},
	}
	for _, c := range cases {
		_, err := review.Review(all, c.opt)
		var re *review.Error
		if !errors.Is(err, entity.ErrInvalidInput) || !errors.As(err, &re) {
			t.Errorf("%s: got %v, want a *review.Error", c.name, err)
			continue
		}
		if got := (want{re.Entity, re.Index, re.Attribute, re.Code, re.Rule}); got != c.want {
			t.Errorf("%s: error names %+v, want %+v (%v)", c.name, got, c.want, err)
		}
	}
	var re *review.Error
	if _, err := review.Review([]*entity.Meta{nil}); !errors.Is(err, entity.ErrInvalidInput) || !errors.As(err, &re) || re.Rule != entity.RuleInvalidArgument {
		t.Errorf("nil model: %v", err)
	}

	// A sample the cost model refuses is refused with the cost model's
	// rule, its refusal (and the validation error under it) as the cause.
	_, err := review.Review(all, review.Sample(ticketMeta, &Ticket{Org: "acme", Status: "lost"}))
	var refused *entity.InputError
	if !errors.As(err, &re) || re.Entity != "Ticket" || re.Rule != cost.RuleSample ||
		!errors.As(err, &refused) || refused.Rule != cost.RuleSample || !errors.Is(err, entity.ErrValidation) {
		t.Errorf("invalid sample: %v", err)
	}

	// A refused option is not hidden by valid ones after it, and the first
	// of several refusals is the one returned.
	rep, err := review.Review(all, review.Values(ticketMeta, "nope", 3), review.MaxPartitionValues(5),
		review.Share(ticketMeta, "Nope", 0.5), review.Silence(ticketMeta, review.LocalIndex, "why"))
	if rep != nil || !errors.As(err, &re) || re.Attribute != "nope" || re.Index != "" || re.Rule != entity.RuleUnknownPath {
		t.Errorf("several options, first refused: report %v, err %v", rep, err)
	}
}
