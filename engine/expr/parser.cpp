// The recursive-descent parser: one function per precedence level, as listed in parser.hpp.
#include "engine/expr/parser.hpp"

#include <utility>
#include <vector>

#include "engine/expr/lexer.hpp"

namespace civicsim::expr {
namespace {

// Thrown inside the parser only, caught by parse(): it unwinds the recursion at the first error.
struct ParseFailure {
  std::string expected;
  size_t position;
  size_t length;
};

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Node parse_all() {
    Node node = parse_or();
    if (peek().kind != TokenKind::kEnd) fail("an operator or the end of the expression");
    return node;
  }

 private:
  const Token& peek() const { return tokens_[pos_]; }
  const Token& take() {
    const Token& t = tokens_[pos_];
    if (t.kind != TokenKind::kEnd) ++pos_;
    return t;
  }
  [[noreturn]] void fail(std::string expected) const {
    throw ParseFailure{std::move(expected), peek().begin, peek().end - peek().begin};
  }

  static Node binary(NodeKind kind, Node lhs, Node rhs) {
    Node n{.kind = kind, .begin = lhs.begin, .end = rhs.end};
    n.operands.push_back(std::move(lhs));
    n.operands.push_back(std::move(rhs));
    return n;
  }

  // One left-associative level: operands from `next`, operators mapped by `kind_of` (kNumber:
  // none).
  template <typename Next, typename KindOf>
  Node left_associative(Next next, KindOf kind_of) {
    Node lhs = (this->*next)();
    for (NodeKind kind = kind_of(peek().kind); kind != NodeKind::kNumber;
         kind = kind_of(peek().kind)) {
      count_operator();
      take();
      lhs = binary(kind, std::move(lhs), (this->*next)());
    }
    return lhs;
  }

  Node parse_or() {
    return left_associative(&Parser::parse_and, [](TokenKind t) {
      return t == TokenKind::kOr ? NodeKind::kOr : NodeKind::kNumber;
    });
  }
  Node parse_and() {
    return left_associative(&Parser::parse_equality, [](TokenKind t) {
      return t == TokenKind::kAnd ? NodeKind::kAnd : NodeKind::kNumber;
    });
  }
  Node parse_equality() {
    return left_associative(&Parser::parse_relation, [](TokenKind t) {
      if (t == TokenKind::kEqual) return NodeKind::kEqual;
      if (t == TokenKind::kNotEqual) return NodeKind::kNotEqual;
      return NodeKind::kNumber;
    });
  }
  Node parse_relation() {
    Node lhs = parse_sum();
    while (true) {
      const TokenKind t = peek().kind;
      NodeKind kind;
      if (t == TokenKind::kLess)
        kind = NodeKind::kLess;
      else if (t == TokenKind::kLessEqual)
        kind = NodeKind::kLessEqual;
      else if (t == TokenKind::kGreater)
        kind = NodeKind::kGreater;
      else if (t == TokenKind::kGreaterEqual)
        kind = NodeKind::kGreaterEqual;
      else if (t == TokenKind::kIn)
        kind = NodeKind::kIn;
      else
        return lhs;
      count_operator();
      take();
      lhs = kind == NodeKind::kIn ? parse_list(std::move(lhs))
                                  : binary(kind, std::move(lhs), parse_sum());
    }
  }
  Node parse_list(Node tested) {
    if (peek().kind != TokenKind::kLeftBracket) fail("'[' to start the list after 'in'");
    take();
    Node n{.kind = NodeKind::kIn, .begin = tested.begin};
    n.operands.push_back(std::move(tested));
    while (true) {
      n.operands.push_back(parse_literal());
      if (peek().kind == TokenKind::kRightBracket) break;
      if (peek().kind != TokenKind::kComma) fail("',' or ']'");
      take();
    }
    n.end = take().end;
    return n;
  }
  Node parse_literal() {
    const Token& t = peek();
    if (t.kind == TokenKind::kMinus && tokens_[pos_ + 1].kind == TokenKind::kNumber) {
      const size_t begin = take().begin;
      const Token& number = take();
      return {
          .kind = NodeKind::kNumber, .number = -number.number, .begin = begin, .end = number.end};
    }
    if (t.kind == TokenKind::kNumber || t.kind == TokenKind::kString ||
        t.kind == TokenKind::kTrue || t.kind == TokenKind::kFalse)
      return parse_primary();
    fail("a number, string, true or false");
  }
  Node parse_sum() {
    return left_associative(&Parser::parse_product, [](TokenKind t) {
      if (t == TokenKind::kPlus) return NodeKind::kAdd;
      if (t == TokenKind::kMinus) return NodeKind::kSubtract;
      return NodeKind::kNumber;
    });
  }
  Node parse_product() {
    return left_associative(&Parser::parse_unary, [](TokenKind t) {
      if (t == TokenKind::kStar) return NodeKind::kMultiply;
      if (t == TokenKind::kSlash) return NodeKind::kDivide;
      return NodeKind::kNumber;
    });
  }
  Node parse_unary() {
    const TokenKind t = peek().kind;
    if (t != TokenKind::kNot && t != TokenKind::kMinus) return parse_power();
    const Nesting nesting(*this);
    const size_t begin = take().begin;
    Node operand = parse_unary();
    Node n{.kind = t == TokenKind::kNot ? NodeKind::kNot : NodeKind::kNegate,
           .begin = begin,
           .end = operand.end};
    n.operands.push_back(std::move(operand));
    return n;
  }
  // x ^ y binds tighter than a unary minus on its left and takes one on its right, as in
  // mathematics (-x^2 is -(x^2); 2^-1 is 0.5); a chain groups from the right.
  Node parse_power() {
    Node base = parse_primary();
    if (peek().kind != TokenKind::kCaret) return base;
    count_operator();
    take();
    const Nesting nesting(*this);
    return binary(NodeKind::kPower, std::move(base), parse_unary());
  }
  // name '(' or (',' or)* ')': the binder checks the name and the number of arguments.
  Node parse_call() {
    const Token& name = take();
    Node n{.kind = NodeKind::kCall, .text = name.text, .begin = name.begin};
    const Nesting nesting(*this);
    take();  // '('
    while (true) {
      n.operands.push_back(parse_or());
      if (peek().kind == TokenKind::kRightParen) break;
      if (peek().kind != TokenKind::kComma) fail("',' or ')' in the call of " + n.text);
      count_operator();
      take();
    }
    n.end = take().end;
    return n;
  }
  Node parse_primary() {
    const Token& t = peek();
    if (t.kind == TokenKind::kName && tokens_[pos_ + 1].kind == TokenKind::kLeftParen)
      return parse_call();
    Node n{.begin = t.begin, .end = t.end};
    switch (t.kind) {
      case TokenKind::kNumber:
        n.number = t.number;
        break;
      case TokenKind::kString:
        n.kind = NodeKind::kString;
        n.text = t.text;
        break;
      case TokenKind::kTrue:
        n.kind = NodeKind::kBoolean;
        n.number = 1.0;
        break;
      case TokenKind::kFalse:
        n.kind = NodeKind::kBoolean;
        n.number = 0.0;
        break;
      case TokenKind::kName:
        n.kind = NodeKind::kAttribute;
        n.text = t.text;
        break;
      case TokenKind::kLeftParen: {
        const Nesting nesting(*this);
        const size_t begin = take().begin;
        Node inner = parse_or();
        if (peek().kind != TokenKind::kRightParen) fail("an operator or ')'");
        inner.begin = begin;  // the span takes in the parentheses, so quoted text stays balanced
        inner.end = take().end;
        return inner;
      }
      default:
        fail("an attribute, number, string or '('");
    }
    take();
    return n;
  }

  // A chain of binary operators builds a tree as deep as it is long ("a + a + ... + a"), which
  // the binder and evaluation walk recursively: too many is a syntax error.
  void count_operator() {
    if (++operators_ > kMaxOperators)
      fail("an expression of at most " + std::to_string(kMaxOperators) + " binary operators");
  }

  // Counts nesting while alive; too deep is a syntax error.
  class Nesting {
   public:
    explicit Nesting(Parser& parser) : parser_(parser) {
      if (++parser_.depth_ > kMaxNesting)
        parser_.fail("an expression nested at most " + std::to_string(kMaxNesting) +
                     " levels deep");
    }
    ~Nesting() { --parser_.depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;

   private:
    Parser& parser_;
  };

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  size_t depth_ = 0;
  size_t operators_ = 0;
};

}  // namespace

std::string quote_position(std::string_view text, size_t position, size_t length) {
  const std::string whole = "\"" + std::string(text) + "\"";
  if (length == 0 || position >= text.size()) return "the end of " + whole;
  std::string token(text.substr(position, length));
  if (token[0] != '\'' && token[0] != '"') token = "'" + token + "'";
  return token + " at column " + std::to_string(position + 1) + " of " + whole;
}

std::optional<Node> parse(std::string_view text, const std::string& file,
                          const std::string& json_path, DiagnosticList& errors) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    errors.add(file, json_path, "an attribute, number, string or '('", "an empty expression");
    return std::nullopt;
  }
  LexError lex_error;
  auto tokens = tokenize(text, lex_error);
  if (!tokens) {
    errors.add(file, json_path, lex_error.expected,
               quote_position(text, lex_error.position, lex_error.length));
    return std::nullopt;
  }
  try {
    return Parser(std::move(*tokens)).parse_all();
  } catch (const ParseFailure& failure) {
    errors.add(file, json_path, failure.expected,
               quote_position(text, failure.position, failure.length));
    return std::nullopt;
  }
}

}  // namespace civicsim::expr
