package ops_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/schema/ops"
)

// Plan and apply tests share one DynamoDB Local per test binary: the one
// at $DYNAMODB_ENDPOINT, or one started for them and stopped here.
func TestMain(m *testing.M) { dynamotest.Main(m) }

var update = flag.Bool("update", false, "rewrite the golden files")

// TicketV1 is the model as first deployed: an index on status alone.
type TicketV1 struct {
	entity.Model `ddb:"table=tickets,project=ByStatus:KEYS_ONLY"`
	TicketID     string    `dynamodbav:"ticketId" ddb:"pk" validate:"required"`
	Assignee     string    `dynamodbav:"assignee" validate:"required"`
	Status       string    `dynamodbav:"status" ddb:"gsi=ByStatus:pk1" validate:"oneof=open pending closed"`
	UpdatedAt    time.Time `dynamodbav:"updatedAt"`
}

// Ticket is the next version: ByStatus is gone (a hot partition), and
// ByAssignee (assignee × status, updatedAt) replaces it.
type Ticket struct {
	entity.Model `ddb:"table=tickets,project=ByAssignee:INCLUDE(subject)"`
	TicketID     string    `dynamodbav:"ticketId" ddb:"pk" validate:"required"`
	Assignee     string    `dynamodbav:"assignee" ddb:"gsi=ByAssignee:pk1" validate:"required"`
	Status       string    `dynamodbav:"status" ddb:"gsi=ByAssignee:sk1" validate:"oneof=open pending closed"`
	UpdatedAt    time.Time `dynamodbav:"updatedAt" ddb:"gsi=ByAssignee:sk2"`
	Subject      string    `dynamodbav:"subject" validate:"max=80"`
	ExpiresAt    int64     `dynamodbav:"expiresAt,omitempty" ddb:"ttl"`
}

// TicketRekeyed declares ByAssignee with another sort key: a change
// DynamoDB cannot make to a live index.
type TicketRekeyed struct {
	entity.Model `ddb:"table=tickets,project=ByAssignee:INCLUDE(subject)"`
	TicketID     string    `dynamodbav:"ticketId" ddb:"pk" validate:"required"`
	Assignee     string    `dynamodbav:"assignee" ddb:"gsi=ByAssignee:pk1" validate:"required"`
	Status       string    `dynamodbav:"status" validate:"oneof=open pending closed"`
	UpdatedAt    time.Time `dynamodbav:"updatedAt" ddb:"gsi=ByAssignee:sk1"`
	Subject      string    `dynamodbav:"subject" validate:"max=80"`
	ExpiresAt    int64     `dynamodbav:"expiresAt,omitempty" ddb:"ttl"`
}

// Agent lives in a table of its own.
type Agent struct {
	entity.Model `ddb:"table=agents"`
	AgentID      string `dynamodbav:"agentId" ddb:"pk" validate:"required"`
	Team         string `dynamodbav:"team" ddb:"gsi=ByTeam:pk1" validate:"oneof=billing support"`
	Name         string `dynamodbav:"name" validate:"max=40"`
	// Nickname keeps agents without one out of ByNickname (sparse).
	Nickname string `dynamodbav:"nickname,omitempty" ddb:"gsi=ByNickname:pk1" validate:"max=20"`
}

var (
	ticketV1Meta = entity.MustRegister[TicketV1]()
	ticketMeta   = entity.MustRegister[Ticket]()
	rekeyedMeta  = entity.MustRegister[TicketRekeyed]()
	agentMeta    = entity.MustRegister[Agent]()
)

// sampleTicket is the item cost reports are computed from.
func sampleTicket() *Ticket {
	return &Ticket{TicketID: "t-1001", Assignee: "ana", Status: "open",
		UpdatedAt: time.Date(2025, 11, 3, 9, 0, 0, 0, time.UTC), Subject: "cannot log in"}
}

// result is what one run of the command did.
type result struct {
	code           int
	stdout, stderr string
}

// run runs the command with cfg and args.
func run(t *testing.T, cfg ops.Config, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := ops.Main(context.Background(), args, &out, &errOut, cfg)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (rerun with -update after checking):\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

// offline is a configuration whose client must never be built: cost,
// review and export run without one.
func offline(t *testing.T) ops.Config {
	return ops.Config{
		Name: "tool",
		Tables: []ops.Table{
			{Name: "tickets", Metas: []*entity.Meta{ticketMeta}},
			{Name: "agents", Metas: []*entity.Meta{agentMeta}},
		},
		NewClient: func(context.Context) (schema.Client, error) {
			t.Error("the client was built by a command that needs none")
			return nil, errors.New("no client in offline tests")
		},
	}
}

// replace returns s with the table name live replaced by name, so that
// golden files do not depend on the unique names tests use.
func replace(s, live, name string) string { return strings.ReplaceAll(s, live, name) }

var errNoCredentials = errors.New("no credentials")

// hasKind reports whether p has a change of kind k.
func hasKind(p *schema.Plan, k schema.Kind) bool {
	return slices.ContainsFunc(p.Changes, func(c schema.Change) bool { return c.Kind == k })
}
