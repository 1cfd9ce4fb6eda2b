"""The web side: one package per feature, each with its routes, forms and templates; beside
them, what they share: who may do what (`access`), where pages lead (`navigation`), who is
using the browser (`identity`)."""
