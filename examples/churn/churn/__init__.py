"""The churn example's feature code, as `pipewright notebook convert` would lay it out."""
