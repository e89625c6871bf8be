package dynamotest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

var validTableName = regexp.MustCompile(`^[a-zA-Z0-9_.-]{3,255}$`)

func TestTableNameValidAndUnique(t *testing.T) {
	seen := map[string]string{}
	var mu sync.Mutex
	check := func(t *testing.T, base string) {
		name := TableName(t, base)
		if !validTableName.MatchString(name) {
			t.Errorf("TableName(%q) = %q, not a valid table name", base, name)
		}
		key := strings.ToLower(name)
		mu.Lock()
		defer mu.Unlock()
		if prev, ok := seen[key]; ok {
			t.Errorf("TableName(%q) = %q, same as earlier %q (ignoring case)", base, name, prev)
		}
		seen[key] = name
	}
	bases := []string{"orders", "Orders", "", "a", "with space/and*stars", strings.Repeat("x", 300), "ünïcödé"}
	for _, sub := range []string{"plain", "Plain", "with space", strings.Repeat("long", 80), "ü/ü"} {
		t.Run(sub, func(t *testing.T) {
			for _, b := range bases {
				for i := 0; i < 20; i++ {
					check(t, b)
				}
			}
		})
	}
	if want := 5 * len(bases) * 20; len(seen) != want {
		t.Errorf("got %d distinct names, want %d", len(seen), want)
	}
	if got := TableName(t, "orders"); !strings.HasPrefix(got, "orders-TestTableNameValidAndUnique-") {
		t.Errorf("TableName = %q, want it to start with base and test name", got)
	}
}

func TestSanitizeName(t *testing.T) {
	for in, want := range map[string]string{
		"abc-._XYZ09": "abc-._XYZ09",
		"a b/c":       "a_b_c",
		"é":           "_",
	} {
		if got := sanitizeName(in, 100); got != want {
			t.Errorf("sanitizeName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := sanitizeName(strings.Repeat("é", 50), 10); got != strings.Repeat("_", 10) {
		t.Errorf("sanitizeName cut = %q", got)
	}
}

// TestRoundTrip uses the shared server: CreateTable, PutItem, GetItem.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	client := Client(t)
	ctx := context.Background()
	name := TableName(t, "roundtrip")
	_, err := client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            &name,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatalf("CreateTable: %v", err)
	}
	DeleteTableOnCleanup(t, client, name)
	putGet(t, client, name)
}

func putGet(t *testing.T, client *dynamodb.Client, table string) {
	t.Helper()
	ctx := context.Background()
	item := map[string]types.AttributeValue{
		"pk":    &types.AttributeValueMemberS{Value: "order#1"},
		"total": &types.AttributeValueMemberN{Value: "42"},
	}
	if _, err := client.PutItem(ctx, &dynamodb.PutItemInput{TableName: &table, Item: item}); err != nil {
		t.Fatalf("PutItem: %v", err)
	}
	out, err := client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      &table,
		Key:            map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "order#1"}},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		t.Fatalf("GetItem: %v", err)
	}
	n, ok := out.Item["total"].(*types.AttributeValueMemberN)
	if !ok || n.Value != "42" {
		t.Fatalf("GetItem returned %#v, want total=42", out.Item)
	}
}

func TestCreateTableHelper(t *testing.T) {
	t.Parallel()
	client := Client(t)
	in := &dynamodb.CreateTableInput{
		TableName:            aws.String("helper"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
	}
	var name string
	t.Run("create", func(t *testing.T) {
		name = CreateTable(t, client, in)
		if *in.TableName != "helper" || in.BillingMode != "" {
			t.Errorf("CreateTable modified its input: %+v", in)
		}
		putGet(t, client, name)
	})
	// The subtest's cleanup has deleted the table.
	_, err := client.DescribeTable(context.Background(), &dynamodb.DescribeTableInput{TableName: &name})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("DescribeTable after cleanup: err = %v, want ResourceNotFoundException", err)
	}
}

// TestStartStop starts a second, private DynamoDB Local (even when the
// shared one comes from $DYNAMODB_ENDPOINT), with delayed transient
// statuses, and stops it.
func TestStartStop(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	before := runtime.NumGoroutine()
	srv, err := Start(ctx, WithDelayTransientStatuses())
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	defer srv.Stop()
	if !strings.HasPrefix(srv.Endpoint, "http://127.0.0.1:") || srv.Port == 0 {
		t.Errorf("Endpoint = %q, Port = %d", srv.Endpoint, srv.Port)
	}
	if out := srv.Output(); !strings.Contains(out, "shouldDelayTransientStatuses:\ttrue") {
		t.Errorf("server output does not show delayed transient statuses:\n%s", out)
	}
	client := NewClient(srv.Endpoint)
	t.Run("use", func(t *testing.T) {
		// CreateTable waits for ACTIVE, which now takes a moment.
		name := CreateTable(t, client, &dynamodb.CreateTableInput{
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		})
		putGet(t, client, name)
	})

	if err := srv.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if err := srv.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
	if err := ping(ctx, srv.Endpoint, time.Second); err == nil {
		t.Errorf("server still answers after Stop")
	}
	// The goroutine waiting for the process has ended.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	select {
	case <-srv.done:
	default:
		t.Errorf("process wait goroutine still running")
	}
}

func TestStartNotInstalled(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "nothing-here")
	_, err := Start(context.Background(), WithInstallDir(dir))
	if !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("Start with empty install dir: err = %v, want ErrNotInstalled", err)
	}
	for _, want := range []string{dir, "scripts/dynamodb-local.sh install", EnvLocalDir, EnvEndpoint} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestStartNoInstallScript(t *testing.T) {
	t.Parallel()
	o := defaultOptions()
	o.installDir = filepath.Join(t.TempDir(), "missing")
	o.workingDirectory = t.TempDir() // not inside a checkout
	_, err := resolveInstall(context.Background(), &o)
	if !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "was not found in a") {
		t.Fatalf("resolveInstall outside a checkout: err = %v", err)
	}
}

// fakeInstall returns a directory that looks like an install but whose jar
// is not a jar.
func fakeInstall(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, jarName), []byte("not a jar"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, libName), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestStartProcessExitsEarly(t *testing.T) {
	t.Parallel()
	_, err := Start(context.Background(), WithInstallDir(fakeInstall(t)))
	if !errors.Is(err, ErrNotStarted) || !strings.Contains(err.Error(), "exited during start-up") {
		t.Fatalf("Start with a broken jar: err = %v, want ErrNotStarted saying it exited", err)
	}
	// The error carries java's own complaint about the jar.
	if !strings.Contains(err.Error(), "output:\n") || !strings.Contains(strings.ToLower(err.Error()), "jarfile") {
		t.Errorf("error does not include java's output: %v", err)
	}
}

func TestStartJavaMissing(t *testing.T) {
	t.Parallel()
	_, err := Start(context.Background(), WithInstallDir(fakeInstall(t)), WithJava(filepath.Join(t.TempDir(), "no-java")))
	if !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "java not found") {
		t.Fatalf("err = %v, want ErrNotInstalled saying java was not found", err)
	}
}

func TestStartPortInUse(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	_, err = Start(context.Background(), WithInstallDir(fakeInstall(t)), WithPort(port))
	if !errors.Is(err, errPortInUse) || !strings.Contains(err.Error(), fmt.Sprint(port)) {
		t.Fatalf("Start on a taken port: err = %v", err)
	}
}

func TestEndpointFromEnv(t *testing.T) {
	t.Setenv(EnvEndpoint, "http://127.0.0.1:1")
	ep, stop, err := Endpoint(context.Background())
	if err != nil || ep != "http://127.0.0.1:1" {
		t.Fatalf("Endpoint() = %q, %v", ep, err)
	}
	if err := stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
}

func TestFindInstallScript(t *testing.T) {
	t.Parallel()
	script, err := findInstallScript("")
	if err != nil {
		t.Fatalf("findInstallScript from the package directory: %v", err)
	}
	if !strings.HasSuffix(filepath.ToSlash(script), "/"+installScript) {
		t.Errorf("script = %q", script)
	}
}

// fakeTB records how a test helper ended the test.
type fakeTB struct {
	testing.TB
	mu      sync.Mutex
	failed  bool
	skipped bool
	msg     string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Fatal(args ...any) {
	f.mu.Lock()
	f.failed, f.msg = true, fmt.Sprint(args...)
	f.mu.Unlock()
	runtime.Goexit()
}
func (f *fakeTB) Fatalf(format string, args ...any) { f.Fatal(fmt.Sprintf(format, args...)) }
func (f *fakeTB) Skip(args ...any) {
	f.mu.Lock()
	f.skipped = true
	f.mu.Unlock()
	runtime.Goexit()
}
func (f *fakeTB) Skipf(format string, args ...any) { f.Skip() }
func (f *fakeTB) SkipNow()                         { f.Skip() }

// runHelper runs fn with a fakeTB on its own goroutine, like a test.
func runHelper(t *testing.T, fn func(testing.TB)) *fakeTB {
	f := &fakeTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	return f
}

// withShared swaps the package's shared server for s during fn.
func withShared(t *testing.T, s *sharedServer, fn func()) {
	t.Helper()
	old := shared
	shared = s
	defer func() { shared = old }()
	fn()
}

// The shared-server tests below swap the package variable, so they do not
// run in parallel with others; the parallel tests above hold their clients
// already, and sequential tests run before parallel ones resume.

func TestSharedFailsWhenStartFails(t *testing.T) {
	s := newSharedServer()
	s.getenv = func(string) string { return "" }
	s.mainRunning.Store(true)
	s.opts = []Option{WithInstallDir(filepath.Join(t.TempDir(), "bogus"))}
	withShared(t, s, func() {
		f := runHelper(t, func(tb testing.TB) { Client(tb) })
		if f.skipped || !f.failed {
			t.Fatalf("Client: failed=%v skipped=%v, want a failure", f.failed, f.skipped)
		}
		for _, want := range []string{"cannot start DynamoDB Local", "not skipped", "not installed"} {
			if !strings.Contains(f.msg, want) {
				t.Errorf("failure message %q does not contain %q", f.msg, want)
			}
		}
		// The error is remembered: later tests fail the same way, fast.
		f = runHelper(t, func(tb testing.TB) { SharedEndpoint(tb) })
		if !f.failed {
			t.Errorf("second call did not fail")
		}
	})
}

func TestSharedFailsWhenEnvEndpointDoesNotAnswer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ep := "http://" + l.Addr().String()
	l.Close() // nothing listens there now
	s := newSharedServer()
	s.getenv = func(k string) string {
		if k == EnvEndpoint {
			return ep
		}
		return ""
	}
	s.checkWait = 500 * time.Millisecond
	withShared(t, s, func() {
		f := runHelper(t, func(tb testing.TB) { Client(tb) })
		if f.skipped || !f.failed || !strings.Contains(f.msg, "does not answer") || !strings.Contains(f.msg, ep) {
			t.Fatalf("Client: failed=%v skipped=%v msg=%q", f.failed, f.skipped, f.msg)
		}
	})
}

func TestSharedNeedsMain(t *testing.T) {
	s := newSharedServer()
	s.getenv = func(string) string { return "" }
	withShared(t, s, func() {
		f := runHelper(t, func(tb testing.TB) { Client(tb) })
		if !f.failed || !strings.Contains(f.msg, "dynamotest.Main(m)") {
			t.Fatalf("Client without Main: failed=%v msg=%q", f.failed, f.msg)
		}
	})
}
