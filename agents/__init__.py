"""AI policies for Frenemies, one module each, plus the Agent protocol."""

from .base import Agent, Answer, Decision, default_choice
from .registry import AgentError, builtin_agents, make_agent, parse_agent_list, register, resolve

__all__ = ["Agent", "Answer", "Decision", "default_choice", "AgentError", "builtin_agents", "make_agent",
           "parse_agent_list", "register", "resolve"]
