<?xml version="1.0" encoding="UTF-8"?>
<!-- Shipper's declaration for dangerous goods as SVG, A4 portrait (user unit = 1 mm), laid out like the IATA form
     (red hatched margins by air): the wording is English whatever the language, as IATA DGR 8.1.1 requires; ADR, RID
     and IMDG accept it. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns="http://www.w3.org/2000/svg">
  <xsl:import href="../common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
  <xsl:template match="/DangerousGoodsDeclaration">
    <xsl:variable name="air" select="TransportMode = 'air'"/>
    <svg width="210mm" height="297mm" viewBox="0 0 210 297" font-family="{$font}">
      <defs>
        <pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect x="0" y="0" width="2" height="4" fill="#d00"/>
        </pattern>
      </defs>
      <rect x="0" y="0" width="210" height="297" fill="#fff"/>
      <xsl:if test="$air">
        <rect x="3" y="3" width="7" height="291" fill="url(#hatch)"/>
        <rect x="200" y="3" width="7" height="291" fill="url(#hatch)"/>
      </xsl:if>
      <text x="105" y="14" font-size="5.5" font-weight="bold" text-anchor="middle">
        <xsl:choose>
          <xsl:when test="$air">SHIPPER'S DECLARATION FOR DANGEROUS GOODS</xsl:when>
          <xsl:otherwise>DANGEROUS GOODS TRANSPORT DOCUMENT</xsl:otherwise>
        </xsl:choose>
      </text>
      <text x="105" y="20" font-size="3" text-anchor="middle">
        <xsl:value-of select="concat(Regulations, ' - ', TransportMode, ' - ', CountryOfDeparture, ' to ', CountryOfDestination)"/>
      </text>
      <g font-size="2.6" fill="#444">
        <text x="14" y="28">Shipper</text>
        <text x="108" y="28">
          <xsl:choose>
            <xsl:when test="AirWaybill">Air Waybill No.</xsl:when>
            <xsl:otherwise>Transport document No.</xsl:otherwise>
          </xsl:choose>
        </text>
        <text x="14" y="58">Consignee</text>
        <text x="108" y="40">Page 1 of 1 pages - Reference</text>
      </g>
      <text x="14" y="33" font-size="3.2">
        <xsl:call-template name="party-lines"><xsl:with-param name="party" select="Shipper"/><xsl:with-param name="x" select="14"/></xsl:call-template>
      </text>
      <text x="108" y="33" font-size="3.6" font-weight="bold"><xsl:value-of select="AirWaybill | TransportDocument"/></text>
      <text x="108" y="45" font-size="3.2"><xsl:value-of select="Reference"/></text>
      <text x="14" y="63" font-size="3.2">
        <xsl:call-template name="party-lines"><xsl:with-param name="party" select="Consignee"/><xsl:with-param name="x" select="14"/></xsl:call-template>
      </text>
      <xsl:if test="AircraftLimitation">
        <rect x="108" y="52" width="88" height="14" fill="none" stroke="#000" stroke-width="0.3"/>
        <text x="110" y="56" font-size="2.6" fill="#444">Transport details - this shipment is within the limitations for</text>
        <text x="110" y="63" font-size="4" font-weight="bold"><xsl:value-of select="AircraftLimitation"/></text>
      </xsl:if>
      <text x="108" y="74" font-size="3">Shipment type: <xsl:value-of select="ShipmentType"/></text>
      <line x1="12" y1="88" x2="198" y2="88" stroke="#000" stroke-width="0.4"/>
      <text x="14" y="93" font-size="3.2" font-weight="bold">NATURE AND QUANTITY OF DANGEROUS GOODS</text>
      <g font-size="2.6" fill="#444">
        <text x="14" y="99">UN No.</text>
        <text x="30" y="99">Proper shipping name</text>
        <text x="92" y="99">Class</text>
        <text x="104" y="99">PG</text>
        <text x="114" y="99">Quantity and type of packing</text>
        <text x="168" y="99">Packing inst.</text>
        <text x="184" y="99">Section</text>
      </g>
      <xsl:for-each select="Item">
        <xsl:variable name="y" select="99 + 7 * position()"/>
        <g font-size="3">
          <text x="14" y="{$y}" font-weight="bold"><xsl:value-of select="UNNumber"/></text>
          <text x="30" y="{$y}"><xsl:value-of select="substring(ProperShippingName, 1, 36)"/></text>
          <text x="92" y="{$y}">
            <xsl:value-of select="Class"/>
            <xsl:if test="SubsidiaryHazard"><xsl:value-of select="concat(' (', SubsidiaryHazard, ')')"/></xsl:if>
          </text>
          <text x="104" y="{$y}"><xsl:value-of select="PackingGroup"/></text>
          <text x="114" y="{$y}">
            <xsl:value-of select="concat(Packages, ' ', PackagingType, ' (', PackagingCode, ') x ', NetQuantity, ' ', NetQuantity/@unit)"/>
          </text>
          <text x="168" y="{$y}"><xsl:value-of select="PackingInstruction"/></text>
          <text x="184" y="{$y}"><xsl:value-of select="Section"/></text>
        </g>
      </xsl:for-each>
      <xsl:variable name="ty" select="99 + 7 * count(Item) + 12"/>
      <line x1="12" y1="{$ty - 6}" x2="198" y2="{$ty - 6}" stroke="#000" stroke-width="0.4"/>
      <text x="14" y="{$ty}" font-size="2.6" fill="#444">Additional handling information</text>
      <text x="14" y="{$ty + 5}" font-size="3">
        <xsl:call-template name="wrap">
          <xsl:with-param name="text" select="AdditionalHandlingInformation"/><xsl:with-param name="width" select="100"/><xsl:with-param name="x" select="14"/>
        </xsl:call-template>
      </text>
      <text x="14" y="{$ty + 16}" font-size="3.2" font-weight="bold">
        <xsl:value-of select="concat('24-hour emergency contact: ', EmergencyContact/Name, ', ', EmergencyContact/Phone)"/>
      </text>
      <text x="14" y="{$ty + 26}" font-size="3">
        <xsl:call-template name="wrap">
          <xsl:with-param name="text" select="Statement"/><xsl:with-param name="width" select="62"/><xsl:with-param name="x" select="14"/>
        </xsl:call-template>
      </text>
      <g font-size="3">
        <text x="130" y="{$ty + 26}" fill="#444" font-size="2.6">Name of signatory</text>
        <text x="130" y="{$ty + 31}"><xsl:value-of select="Signatory/Name"/></text>
        <text x="130" y="{$ty + 38}" fill="#444" font-size="2.6">Place and date</text>
        <text x="130" y="{$ty + 43}"><xsl:value-of select="concat(Signatory/Place, ', ', Signatory/Date)"/></text>
        <text x="130" y="{$ty + 50}" fill="#444" font-size="2.6">Signature</text>
        <line x1="130" y1="{$ty + 58}" x2="196" y2="{$ty + 58}" stroke="#000" stroke-width="0.2"/>
      </g>
    </svg>
  </xsl:template>
</xsl:stylesheet>
