// Names Python provides without an import, the standard library's top-level modules, and
// the distributions that install an import name when the two differ.

/** Python 3.11's builtins: reading one of these needs no input. */
export const PYTHON_BUILTINS: ReadonlySet<string> = new Set(
  `
  ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError
  BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError
  ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis EncodingWarning
  EnvironmentError Exception ExceptionGroup False FileExistsError FileNotFoundError
  FloatingPointError FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError
  IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError
  ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError OSError
  OverflowError PendingDeprecationWarning PermissionError ProcessLookupError RecursionError
  ReferenceError ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration
  SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError
  UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError
  UnicodeWarning UserWarning ValueError Warning ZeroDivisionError abs aiter all anext any ascii bin
  bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr
  dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr
  hash help hex id input int isinstance issubclass iter len license list locals map max memoryview
  min next object oct open ord pow print property quit range repr reversed round set setattr slice
  sorted staticmethod str sum super tuple type vars zip __name__ __file__ __doc__ __builtins__
  __spec__ __loader__ __package__
`.split(/\s+/).filter(Boolean),
);

/** Top-level standard library modules (Python 3.11's sys.stdlib_module_names): never a requirement. */
export const STDLIB_MODULES: ReadonlySet<string> = new Set(
  `
  abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb
  binascii bisect builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop
  collections colorsys compileall concurrent configparser contextlib contextvars copy copyreg crypt
  csv ctypes curses dataclasses datetime dbm decimal difflib dis distutils doctest email encodings
  ensurepip enum errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc
  genericpath getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html http idlelib
  imaplib imghdr imp importlib inspect io ipaddress itertools json keyword lib2to3 linecache locale
  logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt
  multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os
  ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath
  pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re
  readline reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil
  signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants
  sre_parse ssl stat statistics string stringprep struct subprocess sunau symtable sys sysconfig
  syslog tabnanny tarfile telnetlib tempfile termios textwrap this threading time timeit tkinter
  token tokenize tomllib trace traceback tracemalloc tty turtle turtledemo types typing unicodedata
  unittest urllib uu uuid venv warnings wave weakref webbrowser winreg winsound wsgiref xdrlib xml
  xmlrpc zipapp zipfile zipimport zlib zoneinfo
`.split(/\s+/).filter(Boolean),
);

/** Import name → distribution name on PyPI, where they differ. */
export const DISTRIBUTIONS: Readonly<Record<string, string>> = {
  sklearn: 'scikit-learn',
  skimage: 'scikit-image',
  cv2: 'opencv-python',
  PIL: 'Pillow',
  yaml: 'PyYAML',
  bs4: 'beautifulsoup4',
  dateutil: 'python-dateutil',
  dotenv: 'python-dotenv',
  Crypto: 'pycryptodome',
  attr: 'attrs',
  jwt: 'PyJWT',
  OpenSSL: 'pyOpenSSL',
  git: 'GitPython',
  fitz: 'PyMuPDF',
  docx: 'python-docx',
  pptx: 'python-pptx',
  serial: 'pyserial',
  magic: 'python-magic',
  mpl_toolkits: 'matplotlib',
  IPython: 'ipython',
  google: 'protobuf',
  sqlalchemy: 'SQLAlchemy',
  psycopg2: 'psycopg2-binary',
  MySQLdb: 'mysqlclient',
  Levenshtein: 'python-Levenshtein',
  umap: 'umap-learn',
  hdbscan: 'hdbscan',
  lightgbm: 'lightgbm',
  xgboost: 'xgboost',
  tensorflow: 'tensorflow',
  torch: 'torch',
  statsmodels: 'statsmodels',
  imblearn: 'imbalanced-learn',
  category_encoders: 'category-encoders',
  tqdm: 'tqdm',
};

// Methods that only read their object. Any other method call may modify it (a seeded
// random generator advances on `.normal()`, a model learns on `.fit()`).
export const PURE_METHODS: ReadonlySet<string> = new Set(
  `head tail describe info copy mean median sum std var min max count nunique unique value_counts
  groupby agg aggregate apply map merge join concat pivot pivot_table melt query filter sort_values
  sort_index reset_index set_index rename drop dropna fillna replace astype round abs cumsum cumprod
  diff pct_change shift rolling expanding resample corr cov quantile rank clip isna isnull notna
  notnull any all to_numpy to_list tolist to_dict to_frame to_csv to_json to_parquet to_string
  to_markdown items keys values get select_dtypes sample nlargest nsmallest idxmax idxmin argmax
  argmin reshape ravel flatten transpose dot sqrt exp log format join split strip lower upper
  startswith endswith encode decode predict predict_proba predict_log_proba decision_function
  score transform inverse_transform get_params get_feature_names_out mean_squared_error
  where mask isin between duplicated drop_duplicates explode stack unstack assign pipe
  plot hist scatter bar savefig legend title xlabel ylabel show subplots tight_layout
  index find rfind count startswith splitlines zfill ljust rjust center items`.split(/\s+/),
);
/** Functions that modify their first argument: `random.shuffle(x)`, `np.random.shuffle(x)`. */
export const MUTATING_FUNCTIONS: ReadonlySet<string> = new Set(['shuffle']);
