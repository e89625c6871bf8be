package dynamotest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Main runs the tests of m and stops the DynamoDB Local started for them,
// if any. Call it from TestMain:
//
//	func TestMain(m *testing.M) { dynamotest.Main(m) }
//
// Main returns rather than exiting, so TestMain can do more after the
// tests (the server is already stopped then); when TestMain returns, the
// testing package exits with the tests' result.
//
// The shared server is started lazily by the first call to [Client] or
// [SharedEndpoint], and only when $DYNAMODB_ENDPOINT is unset.
func Main(m *testing.M) {
	shared.mainRunning.Store(true)
	m.Run()
	shared.mainRunning.Store(false)
	if err := shared.stop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
}

// Client returns a client for the DynamoDB shared by the tests of this test
// binary: $DYNAMODB_ENDPOINT if set, else a DynamoDB Local started on first
// use (which requires TestMain to call [Main], so it is stopped).
// If no server can be started or reached, Client fails the test (it never
// skips). All calls return the same client.
func Client(t testing.TB) *dynamodb.Client {
	t.Helper()
	c, err := shared.getClient()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// SharedEndpoint returns the endpoint [Client] connects to, failing the test
// like Client when there is none.
func SharedEndpoint(t testing.TB) string {
	t.Helper()
	ep, err := shared.get()
	if err != nil {
		t.Fatal(err)
	}
	return ep
}

var shared = newSharedServer()

// sharedServer is the per-test-binary server behind Client.
type sharedServer struct {
	getenv      func(string) string
	opts        []Option
	checkWait   time.Duration // how long an $DYNAMODB_ENDPOINT may take to answer
	mainRunning atomic.Bool

	mu       sync.Mutex
	tried    bool
	endpoint string
	server   *Server
	client   *dynamodb.Client
	err      error
}

func newSharedServer() *sharedServer {
	return &sharedServer{getenv: os.Getenv, checkWait: 30 * time.Second}
}

func (s *sharedServer) get() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.tried {
		s.tried = true
		s.endpoint, s.server, s.err = s.start()
	}
	return s.endpoint, s.err
}

func (s *sharedServer) getClient() (*dynamodb.Client, error) {
	ep, err := s.get()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client == nil {
		s.client = NewClient(ep)
	}
	return s.client, nil
}

func (s *sharedServer) start() (string, *Server, error) {
	if ep := s.getenv(EnvEndpoint); ep != "" {
		ctx, cancel := context.WithTimeout(context.Background(), s.checkWait)
		defer cancel()
		var err error
		for {
			if err = ping(ctx, ep, 2*time.Second); err == nil {
				return ep, nil, nil
			}
			select {
			case <-ctx.Done():
				return "", nil, fmt.Errorf("dynamotest: %s=%s does not answer: %v "+
					"(integration tests need DynamoDB Local; unset %s to have it started, or start it with scripts/dynamodb-local.sh start)",
					EnvEndpoint, ep, err, EnvEndpoint)
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	if !s.mainRunning.Load() {
		return "", nil, fmt.Errorf("dynamotest: %s is not set and TestMain does not call dynamotest.Main(m), "+
			"which starts and stops DynamoDB Local for the test binary; add\n"+
			"\tfunc TestMain(m *testing.M) { dynamotest.Main(m) }\nor set %s to a running DynamoDB Local",
			EnvEndpoint, EnvEndpoint)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	srv, err := Start(ctx, s.opts...)
	if err != nil {
		return "", nil, fmt.Errorf("dynamotest: cannot start DynamoDB Local for the tests "+
			"(integration tests are not skipped; set %s to use a running one): %w", EnvEndpoint, err)
	}
	return srv.Endpoint, srv, nil
}

func (s *sharedServer) stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	srv := s.server
	s.server, s.client, s.tried, s.endpoint, s.err = nil, nil, false, "", nil
	return srv.Stop()
}

var (
	tableRunID = newRunID()
	tableSeq   atomic.Uint64
)

func newRunID() string {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		// Fall back to the pid and clock; still distinct between processes.
		return strconv.FormatInt(int64(os.Getpid())^time.Now().UnixNano(), 36)
	}
	return hex.EncodeToString(b[:])
}

// TableName returns a table name for the test t that no other call in this
// run returns: base, t's name and a suffix unique to the call and the test
// process, such as "orders-TestPut.sub-3f9a1c2e-7". Characters not allowed
// in table names become '_' and long parts are shortened, so the result is
// always a valid name of 3 to 255 characters. Uniqueness does not depend on
// letter case (DynamoDB Local compares table names case-insensitively).
func TableName(t testing.TB, base string) string {
	t.Helper()
	b := sanitizeName(base, 64)
	if b == "" {
		b = "t"
	}
	name := sanitizeName(strings.ReplaceAll(t.Name(), "/", "."), 120)
	suffix := tableRunID + "-" + strconv.FormatUint(tableSeq.Add(1), 10)
	if name == "" {
		return b + "-" + suffix
	}
	return b + "-" + name + "-" + suffix
}

// sanitizeName keeps [a-zA-Z0-9_.-], replaces other runes with '_' and cuts
// the result to max bytes.
func sanitizeName(s string, max int) string {
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '.', r == '-':
			sb.WriteRune(r)
		default:
			sb.WriteByte('_')
		}
		if sb.Len() >= max {
			break
		}
	}
	out := sb.String()
	if len(out) > max {
		out = out[:max]
	}
	return out
}

// DeleteTableOnCleanup deletes table name when t and its subtests finish.
// A table that no longer exists is not an error.
func DeleteTableOnCleanup(t testing.TB, client *dynamodb.Client, name string) {
	t.Helper()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, err := client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: &name})
		var notFound *types.ResourceNotFoundException
		if err != nil && !errors.As(err, &notFound) {
			t.Errorf("dynamotest: delete table %s: %v", name, err)
		}
	})
}

// CreateTable creates a table from in under a fresh [TableName] built from
// in.TableName (or "t" if unset), waits until it is ACTIVE, arranges for it
// to be deleted when the test ends, and returns its name. in is not
// modified. It fails the test on error.
func CreateTable(t testing.TB, client *dynamodb.Client, in *dynamodb.CreateTableInput) string {
	t.Helper()
	cp := *in
	base := "t"
	if in.TableName != nil && *in.TableName != "" {
		base = *in.TableName
	}
	name := TableName(t, base)
	cp.TableName = &name
	if cp.BillingMode == "" && cp.ProvisionedThroughput == nil {
		cp.BillingMode = types.BillingModePayPerRequest
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := client.CreateTable(ctx, &cp); err != nil {
		t.Fatalf("dynamotest: create table %s: %v", name, err)
	}
	DeleteTableOnCleanup(t, client, name)
	if err := waitActive(ctx, client, name); err != nil {
		t.Fatalf("dynamotest: %v", err)
	}
	return name
}

// waitActive polls DescribeTable until table name and its global secondary
// indexes are ACTIVE, or ctx ends. (schema.WaitActive is the library's.)
func waitActive(ctx context.Context, client *dynamodb.Client, name string) error {
	for {
		out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: &name})
		if err != nil {
			return fmt.Errorf("describe table %s: %w", name, err)
		}
		if active(out.Table) {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("table %s not active: %w", name, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func active(d *types.TableDescription) bool {
	if d == nil || d.TableStatus != types.TableStatusActive {
		return false
	}
	for _, g := range d.GlobalSecondaryIndexes {
		if g.IndexStatus != types.IndexStatusActive {
			return false
		}
	}
	return true
}
