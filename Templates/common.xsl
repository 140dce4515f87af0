<?xml version="1.0" encoding="UTF-8"?>
<!-- Shared parameters and helpers: catalogue lookup (t), bilingual captions (bi), line wrapping, party blocks. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns="http://www.w3.org/2000/svg">
  <!-- Catalogue language (en, zh, de, ja, es). -->
  <xsl:param name="lang" select="'en'"/>
  <!-- Second language for bilingual documents, or empty. -->
  <xsl:param name="lang2" select="''"/>
  <!-- Font family that covers the language (Noto CJK covers Latin too). -->
  <xsl:param name="font" select="'Noto Sans CJK SC'"/>
  <xsl:param name="kind" select="''"/>

  <xsl:variable name="catalogue" select="document('i18n/messages.xml')/messages"/>

  <xsl:template name="t">
    <xsl:param name="key"/>
    <xsl:param name="language" select="$lang"/>
    <xsl:variable name="m" select="$catalogue/msg[@key = $key]"/>
    <xsl:choose>
      <xsl:when test="$m/t[@lang = $language]"><xsl:value-of select="$m/t[@lang = $language]"/></xsl:when>
      <xsl:when test="$m/t[@lang = 'en']"><xsl:value-of select="$m/t[@lang = 'en']"/></xsl:when>
      <xsl:otherwise><xsl:message terminate="yes">missing catalogue key <xsl:value-of select="$key"/></xsl:message></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "destination text / English text" when a second language is set. -->
  <xsl:template name="bi">
    <xsl:param name="key"/>
    <xsl:call-template name="t"><xsl:with-param name="key" select="$key"/></xsl:call-template>
    <xsl:if test="$lang2 != '' and $lang2 != $lang">
      <xsl:text> / </xsl:text>
      <xsl:call-template name="t">
        <xsl:with-param name="key" select="$key"/><xsl:with-param name="language" select="$lang2"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- Position of the last space in $s (0 when none). -->
  <xsl:template name="last-space">
    <xsl:param name="s"/>
    <xsl:param name="offset" select="0"/>
    <xsl:choose>
      <xsl:when test="contains($s, ' ')">
        <xsl:call-template name="last-space">
          <xsl:with-param name="s" select="substring-after($s, ' ')"/>
          <xsl:with-param name="offset" select="$offset + string-length(substring-before($s, ' ')) + 1"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$offset"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- SVG tspans of at most $width characters, broken at spaces where there are any (CJK text breaks anywhere). -->
  <xsl:template name="wrap">
    <xsl:param name="text"/>
    <xsl:param name="width"/>
    <xsl:param name="x"/>
    <xsl:param name="first" select="true()"/>
    <xsl:if test="string-length($text) &gt; 0">
      <xsl:variable name="chunk" select="substring($text, 1, $width)"/>
      <xsl:variable name="space">
        <xsl:choose>
          <xsl:when test="string-length($text) &lt;= $width">0</xsl:when>
          <xsl:otherwise><xsl:call-template name="last-space"><xsl:with-param name="s" select="$chunk"/></xsl:call-template></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:variable name="cut">
        <xsl:choose>
          <xsl:when test="string-length($text) &lt;= $width"><xsl:value-of select="$width"/></xsl:when>
          <xsl:when test="$space &gt; 0"><xsl:value-of select="$space"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$width"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <tspan x="{$x}">
        <xsl:attribute name="dy"><xsl:choose><xsl:when test="$first">0</xsl:when><xsl:otherwise>1.25em</xsl:otherwise></xsl:choose></xsl:attribute>
        <xsl:value-of select="normalize-space(substring($text, 1, $cut))"/>
      </tspan>
      <xsl:call-template name="wrap">
        <xsl:with-param name="text" select="substring($text, $cut + 1)"/>
        <xsl:with-param name="width" select="$width"/>
        <xsl:with-param name="x" select="$x"/>
        <xsl:with-param name="first" select="false()"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- A party as tspans: name, street, postcode city, region, country, identifiers. -->
  <xsl:template name="party-lines">
    <xsl:param name="party"/>
    <xsl:param name="x"/>
    <tspan x="{$x}" dy="0" font-weight="bold"><xsl:value-of select="$party/Name"/></tspan>
    <tspan x="{$x}" dy="1.25em"><xsl:value-of select="$party/Address/Street"/></tspan>
    <tspan x="{$x}" dy="1.25em">
      <xsl:value-of select="normalize-space(concat($party/Address/Postcode, ' ', $party/Address/City))"/>
    </tspan>
    <xsl:if test="$party/Address/Region">
      <tspan x="{$x}" dy="1.25em"><xsl:value-of select="$party/Address/Region"/></tspan>
    </xsl:if>
    <tspan x="{$x}" dy="1.25em" font-weight="bold"><xsl:value-of select="$party/Address/Country"/></tspan>
    <xsl:for-each select="$party/Identifier">
      <tspan x="{$x}" dy="1.25em"><xsl:value-of select="concat(@scheme, ' ', .)"/></tspan>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
