/*
 * The reaper: one Node-API function, waitid(idtype, id, options) -> pid or -errno, so that
 * the supervisor, as PID 1, can reap processes re-parented to it (Node's public API waits
 * only for children libuv spawned). Freestanding: no libc (raw system call), so the same
 * file loads into a glibc or a musl Node; Node-API is ABI-stable, so it loads into any
 * Node >= 20. Built by build/reaper.mjs, embedded in the bundle, loaded by reaper.ts.
 */
typedef struct napi_env__ *napi_env;
typedef struct napi_value__ *napi_value;
typedef struct napi_callback_info__ *napi_callback_info;
typedef int napi_status;
typedef napi_value (*napi_callback)(napi_env, napi_callback_info);

/* Declared as in Node's js_native_api.h (Node-API version 1; stable ABI). */
napi_status napi_get_cb_info(napi_env, napi_callback_info, unsigned long *argc, napi_value *argv, napi_value *this_arg, void **data);
napi_status napi_get_value_int32(napi_env, napi_value, int *result);
napi_status napi_create_int32(napi_env, int value, napi_value *result);
napi_status napi_create_function(napi_env, const char *name, unsigned long length, napi_callback cb, void *data, napi_value *result);
napi_status napi_set_named_property(napi_env, napi_value object, const char *name, napi_value value);

/* siginfo_t as the kernel fills it for SIGCHLD on 64-bit Linux: si_pid at offset 16. */
struct child_info {
  int si_signo, si_errno, si_code, pad;
  int si_pid, si_uid, si_status;
  int rest[25];
};

static long sys_waitid(long which, long id, struct child_info *info, long options) {
#if defined(__x86_64__)
  long ret;
  register long r10 __asm__("r10") = options;
  register long r8 __asm__("r8") = 0;
  __asm__ volatile("syscall" : "=a"(ret) : "0"(247L), "D"(which), "S"(id), "d"(info), "r"(r10), "r"(r8) : "rcx", "r11", "memory");
  return ret;
#elif defined(__aarch64__)
  register long x8 __asm__("x8") = 95;
  register long x0 __asm__("x0") = which;
  register long x1 __asm__("x1") = id;
  register long x2 __asm__("x2") = (long)info;
  register long x3 __asm__("x3") = options;
  register long x4 __asm__("x4") = 0;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4) : "memory");
  return x0;
#else
#error "reaper.c: only x86_64 and aarch64 Linux"
#endif
}

/* waitid(idtype, id, options): the pid that changed state, 0 for none, or -errno. */
static napi_value js_waitid(napi_env env, napi_callback_info cbinfo) {
  unsigned long argc = 3;
  napi_value argv[3];
  int which = 0, id = 0, options = 0;
  napi_value result;
  struct child_info info;
  long ret;
  unsigned i;
  napi_get_cb_info(env, cbinfo, &argc, argv, 0, 0);
  if (argc < 3 || napi_get_value_int32(env, argv[0], &which) != 0 || napi_get_value_int32(env, argv[1], &id) != 0 ||
      napi_get_value_int32(env, argv[2], &options) != 0) {
    napi_create_int32(env, -22 /* EINVAL */, &result);
    return result;
  }
  for (i = 0; i < sizeof info / sizeof(int); i++) ((volatile int *)&info)[i] = 0;
  do ret = sys_waitid(which, id, &info, options);
  while (ret == -4 /* EINTR */);
  napi_create_int32(env, ret < 0 ? (int)ret : info.si_pid, &result);
  return result;
}

__attribute__((visibility("default"))) napi_value napi_register_module_v1(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "waitid", 6, js_waitid, 0, &fn);
  napi_set_named_property(env, exports, "waitid", fn);
  return exports;
}

__attribute__((visibility("default"))) int node_api_module_get_api_version_v1(void) { return 1; }
